import { safeJsonParse } from '../../../util/safe-json.ts';

// Bounds the work on a pathological output full of unmatched brackets.
const MAX_CANDIDATES = 200;

/** Every top-level JSON object or array embedded in a text (prose, code fences), in order. */
export function extractJsonValues(text: string): unknown[] {
  const found: unknown[] = [];
  let candidates = 0;
  let index = 0;
  while (index < text.length && candidates < MAX_CANDIDATES) {
    const start = nextOpening(text, index);
    if (start === -1) break;
    candidates++;
    const end = matchingClose(text, start);
    const parsed = end === -1 ? undefined : safeJsonParse(text.slice(start, end + 1));
    if (parsed?.ok) {
      found.push(parsed.value);
      index = end + 1;
    } else {
      index = start + 1;
    }
  }
  return found;
}

function nextOpening(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const character = text[i];
    if (character === '{' || character === '[') return i;
  }
  return -1;
}

/** Index of the bracket closing the one at `start`, skipping brackets inside JSON strings; -1 if none. */
function matchingClose(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const character = text[i];
    if (inString) {
      if (character === '\\') i++;
      else if (character === '"') inString = false;
    } else if (character === '"') inString = true;
    else if (character === '{' || character === '[') depth++;
    else if (character === '}' || character === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
