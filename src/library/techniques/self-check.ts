import { appendParagraph } from './body-text.ts';
import type { Technique } from './technique.ts';

const INSTRUCTION = 'Before answering, check your answer against the instructions and correct any mistake.';

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
    before: 'Translate into French, keeping product names in English:\n\n{{text}}',
    after: `Translate into French, keeping product names in English:\n\n{{text}}\n\n${INSTRUCTION}`,
  },
  detect: (body) => CHECK_WORDING.some((pattern) => pattern.test(body)),
  apply: (body) => (selfCheck.detect(body) ? body : appendParagraph(body, INSTRUCTION)),
};
