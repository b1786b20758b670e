import { appendParagraph, asSentence } from './body-text.ts';
import type { Technique } from './technique.ts';

const DEFAULT_CONSTRAINTS = [
  'Keep the answer under 100 words',
  'Use only information given in the input; say so when it is not enough',
];

const CONSTRAINT_WORDING = [
  /^\s*(constraints|rules|requirements|limits)\s*:/im,
  /\b(at most|at least|no more than|no fewer than|fewer than|less than|maximum of|minimum of|up to) \d+/i,
  /\b(under|within|below) \d+ (words|characters|sentences|lines|tokens)\b/i,
  /\b(must not|must never|should not|do not|don't|never|avoid)\b/i,
  /\b(only use|use only|limit (your|the) (answer|response))\b/i,
];

/** Constraints: state the limits the answer must respect. */
export const constraints: Technique = {
  id: 'constraints',
  name: 'Constraints',
  summary: 'State explicit limits: length, sources, what not to do.',
  explanation:
    'Explicit limits (a word count, "use only the input", "do not mention prices") narrow the space ' +
    'of acceptable answers and make them checkable by an assertion. They help when answers run long, ' +
    'drift off topic or invent facts. Too many constraints, or negative ones about things the model ' +
    'would not have done, can distract it or make it refuse. Taught by learnprompting.org ' +
    '("Basics: instructions") and the Anthropic guide ("Be clear and direct").',
  example: {
    before: 'Answer the customer question:\n\n{{question}}',
    after: `Answer the customer question:\n\n{{question}}\n\nConstraints:\n- ${DEFAULT_CONSTRAINTS.map(asSentence).join('\n- ')}`,
  },
  detect: (body) => CONSTRAINT_WORDING.some((pattern) => pattern.test(body)),
  apply(body, options = {}) {
    if (constraints.detect(body)) return body;
    const given = (options.constraints ?? []).map((text) => text.trim()).filter(Boolean);
    const lines = (given.length > 0 ? given : DEFAULT_CONSTRAINTS).map((text) => `- ${asSentence(text)}`);
    return appendParagraph(body, `Constraints:\n${lines.join('\n')}`);
  },
};
