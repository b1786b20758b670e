import { asSentence } from './body-text.ts';
import { chosenPhrasing } from './phrasing.ts';
import type { Technique, TechniqueOptions, TechniquePhrasing } from './technique.ts';
import { insertInstruction } from './template-layout.ts';

const DEFAULT_CONSTRAINTS = [
  'Keep the answer under 100 words',
  'Use only information given in the input; say so when it is not enough',
];

/** The constraints given (`--constraint`), else the defaults. */
function limitsOf(options: TechniqueOptions): string[] {
  const given = (options.constraints ?? []).map((text) => text.trim()).filter(Boolean);
  return given.length > 0 ? given : DEFAULT_CONSTRAINTS;
}

const bullets = (options: TechniqueOptions) =>
  limitsOf(options)
    .map((text) => `- ${asSentence(text)}`)
    .join('\n');
const inline = (options: TechniqueOptions) =>
  limitsOf(options)
    .map((text) => text.replace(/[.;]+$/, ''))
    .map((text) => (/^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text))
    .join('; ');

const PHRASINGS: readonly TechniquePhrasing[] = [
  { name: 'constraints list', render: (o) => `Constraints:\n${bullets(o)}` },
  { name: 'rules list', render: (o) => `Rules:\n${bullets(o)}` },
  { name: 'inline', render: (o) => asSentence(`Respect these limits: ${inline(o)}`) },
  {
    name: 'firm, inline',
    render: (o) => asSentence(`You must follow these rules without exception: ${inline(o)}`),
  },
];

const CONSTRAINT_WORDING = [
  /\b(respect|follow|obey) (these|the following) (limits|rules|constraints)\b/i,
  /\bmust follow these rules\b/i,
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
    before: 'Answer the customer question.\n\nQuestion: {{question}}',
    after: `Answer the customer question.\n\nConstraints:\n- ${DEFAULT_CONSTRAINTS.map(asSentence).join('\n- ')}\n\nQuestion: {{question}}`,
  },
  phrasings: PHRASINGS,
  detect: (body) => CONSTRAINT_WORDING.some((pattern) => pattern.test(body)),
  apply(body, options = {}) {
    if (constraints.detect(body)) return body;
    return insertInstruction(body, chosenPhrasing(constraints, options).render(options));
  },
};
