import { stableStringify } from '../../util/hash.ts';
import { safeJsonParse } from '../../util/safe-json.ts';

/** A value as the sim answers or compares it: strings as they are, anything else as JSON. */
export function textOf(value: unknown): string {
  return typeof value === 'string' ? value : stableStringify(value);
}

/** Whitespace runs folded to one space, trimmed: how demonstration text is laid out in a prompt. */
export function foldText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Whether an answer's text equals a gold: ignoring case and whitespace, or as equal JSON values. */
export function matchesGold(text: string, gold: unknown): boolean {
  const folded = foldText(text).toLowerCase();
  if (folded === foldText(textOf(gold)).toLowerCase()) return true;
  if (typeof gold === 'string') return false;
  const parsed = safeJsonParse(text);
  return parsed.ok && stableStringify(parsed.value) === stableStringify(gold);
}
