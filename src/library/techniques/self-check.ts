import { chosenPhrasing } from './phrasing.ts';
import type { Technique, TechniquePhrasing } from './technique.ts';
import { insertInstruction } from './template-layout.ts';

const INSTRUCTION = 'Before answering, check your answer against the instructions and correct any mistake.';

const PHRASINGS: readonly TechniquePhrasing[] = [
  { name: 'check against the instructions', render: () => INSTRUCTION },
  { name: 'short', render: () => 'Double-check your answer before you give it.' },
  {
    name: 'verify',
    render: () => 'Before responding, verify that your answer follows every instruction above.',
  },
  {
    name: 'review and correct',
    render: () => 'Review your answer for mistakes, and give the corrected version only.',
  },
];

const CHECK_WORDING = [
  /\bdouble[- ]check\b/i,
  /\bself[- ](check|verify|verification|review|critique)\b/i,
  /\b(check|verify|review|proofread|re-?read) (your|the) (answer|work|output|response|draft|result)s?\b/i,
  /\bverify (that|whether)\b/i,
  /\bmake sure (that )?(your|the) (answer|output|response|result)\b/i,
  /\bbefore (answering|responding|you answer|you respond|replying)\b[^.\n]{0,20}\b(check|verify|make sure|confirm)\b/i,
];

/** Self-check: ask the model to verify its answer before giving it. */
export const selfCheck: Technique = {
  id: 'self-check',
  name: 'Self-check',
  summary: 'Ask the model to check its answer against the instructions before answering.',
  explanation:
    'A closing instruction to verify the answer (against the instructions, the input, a constraint) ' +
    'catches some slips such as a forgotten part or a broken format. In one call it is a weak form ' +
    'of self-refinement (Madaan et al. 2023, "Self-Refine"); a separate critique call is stronger. ' +
    'Models often claim to have checked without changing anything, and the instruction can make ' +
    'answers hedge or grow. Taught by learnprompting.org ("Self-Verification", "Self-Criticism").',
  example: {
    before: 'Translate into French, keeping product names in English.\n\nText: {{text}}',
    after: `Translate into French, keeping product names in English.\n\n${INSTRUCTION}\n\nText: {{text}}`,
  },
  phrasings: PHRASINGS,
  detect: (body) => CHECK_WORDING.some((pattern) => pattern.test(body)),
  apply: (body, options = {}) =>
    selfCheck.detect(body)
      ? body
      : insertInstruction(body, chosenPhrasing(selfCheck, options).render(options)),
};
