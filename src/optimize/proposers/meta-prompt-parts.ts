import type { Demonstration } from '../../library/techniques/technique.ts';
import { templateUnits } from './template-tags.ts';

/** Longest input, output or critique quoted into a meta-prompt, in characters. */
export const MAX_QUOTED_CHARS = 600;

/** Text folded to one line and cut to `max` characters (with an ellipsis when cut). */
export function clip(text: string, max = MAX_QUOTED_CHARS): string {
  const line = text.replace(/\s*\r?\n\s*/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** Demonstrations as `Input:` / `Output:` pairs separated by blank lines. */
export function formatPairs(demonstrations: readonly Demonstration[]): string {
  return demonstrations
    .map((demonstration) => `Input: ${clip(demonstration.input)}\nOutput: ${clip(demonstration.output)}`)
    .join('\n\n');
}

/** A sentence asking to keep the body's placeholders, or '' when it has none. */
export function keepPlaceholdersNote(body: string): string {
  const units = templateUnits(body).map((unit) => firstTag(unit.text));
  const unique = [...new Set(units)];
  if (unique.length === 0) return '';
  return `Keep these template placeholders exactly as written, where the input goes: ${unique.join(', ')}.`;
}

function firstTag(text: string): string {
  return /^\{\{\{?[\s\S]*?\}?\}\}/.exec(text)?.[0] ?? text;
}
