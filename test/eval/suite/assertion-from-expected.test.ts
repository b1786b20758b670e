import { describe, expect, it } from 'vitest';
import { assertionFromExpected } from '../../../src/eval/suite/assertion-from-expected.ts';

describe('assertionFromExpected reads __expected shorthands as promptfoo does', () => {
  it.each([
    ['contains: Paris', { type: 'contains', value: 'Paris' }],
    ['not-icontains: sorry', { type: 'not-icontains', value: 'sorry' }],
    ['regex: ^\\d+ $', { type: 'regex', value: '^\\d+ $' }],
    ['starts-with: Dear', { type: 'starts-with', value: 'Dear' }],
    ['contains-any: red, green ,blue', { type: 'contains-any', value: ['red', 'green', 'blue'] }],
    ['is-json', { type: 'is-json' }],
    ['not-contains-json', { type: 'not-contains-json' }],
    ['similar: a greeting', { type: 'similar', value: 'a greeting', threshold: 0.8 }],
    ['similar(0.95): a greeting', { type: 'similar', value: 'a greeting', threshold: 0.95 }],
    ['levenshtein(3): kitten', { type: 'levenshtein', value: 'kitten', threshold: 3 }],
    ['javascript: output.length < 80', { type: 'javascript', value: 'output.length < 80' }],
    ['fn: output.startsWith("A")', { type: 'javascript', value: 'output.startsWith("A")' }],
    ['grade: is polite', { type: 'llm-rubric', value: 'is polite' }],
    ['python: output == "two"', { type: 'python', value: 'output == "two"' }],
    ['contains-xml: report.summary', { type: 'contains-xml', value: 'report.summary' }],
    ['llm-rubric: mentions the price', { type: 'llm-rubric', value: 'mentions the price' }],
  ])('%s', (text, expected) => {
    expect(assertionFromExpected(text)).toEqual(expected);
  });

  it('reads any other text, colons included, as the exact expected output', () => {
    expect(assertionFromExpected('Paris')).toEqual({ type: 'equals', value: 'Paris' });
    expect(assertionFromExpected('Answer: 42 ')).toEqual({ type: 'equals', value: 'Answer: 42 ' });
    expect(assertionFromExpected('Contains: capitalized')).toEqual({
      type: 'equals',
      value: 'Contains: capitalized',
    });
  });
});
