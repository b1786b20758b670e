import { ASSERTION_TYPES } from '../../spec/assertion.ts';

/** An assertion read from a shorthand, still to be validated against the assertion schema. */
export interface ExpectedAssertion {
  type: string;
  value?: unknown;
  threshold?: number;
  metric?: string;
}

const LIST_TYPES = new Set(['contains-all', 'contains-any', 'icontains-all', 'icontains-any']);
// Whitespace at the end of these values is part of what is matched.
const EXACT_TYPES = new Set(['equals', 'regex', 'starts-with']);
const DEFAULT_THRESHOLDS: Record<string, number> = { similar: 0.8 };
// Longest names first: `similar:dot: text` is similar:dot, not similar with the value `dot: text`.
const TYPE_ALTERNATIVES = [...ASSERTION_TYPES].sort((a, b) => b.length - a.length).join('|');
const SHORTHAND = new RegExp(`^(not-)?(${TYPE_ALTERNATIVES})(?:\\((\\d+(?:\\.\\d+)?)\\))?(?::([\\s\\S]*))?$`);
const CODE_PREFIXES = ['javascript:', 'fn:', 'eval:'];
const RUBRIC_PREFIXES = ['llm-rubric:', 'grade:'];

/**
 * An assertion from the text of a CSV `__expected` cell, as promptfoo reads it: `contains: Paris`,
 * `not-icontains: sorry`, `similar(0.9): a greeting`, `contains-any: a, b`, `is-json`,
 * `javascript: output.length < 80`, `grade: is polite`; any other text must equal the output.
 */
export function assertionFromExpected(text: string): ExpectedAssertion {
  const code = CODE_PREFIXES.find((prefix) => text.startsWith(prefix));
  if (code) return { type: 'javascript', value: text.slice(code.length).trim() };
  const rubric = RUBRIC_PREFIXES.find((prefix) => text.startsWith(prefix));
  if (rubric) return { type: 'llm-rubric', value: text.slice(rubric.length).trim() };
  if (text.startsWith('python:')) return { type: 'python', value: text.slice('python:'.length).trim() };
  const match = SHORTHAND.exec(text);
  if (!match) return { type: 'equals', value: text };
  const [, negated, type = 'equals', thresholdText, raw] = match;
  const assertion: ExpectedAssertion = { type: negated ? `not-${type}` : type };
  if (raw !== undefined) {
    const value = EXACT_TYPES.has(type) ? raw.trimStart() : raw.trim();
    assertion.value = LIST_TYPES.has(type) ? value.split(',').map((item) => item.trim()) : value;
  }
  const threshold = thresholdText === undefined ? DEFAULT_THRESHOLDS[type] : Number(thresholdText);
  if (threshold !== undefined) assertion.threshold = threshold;
  return assertion;
}
