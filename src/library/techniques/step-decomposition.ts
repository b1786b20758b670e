import { chosenPhrasing } from './phrasing.ts';
import type { Technique, TechniquePhrasing } from './technique.ts';
import { insertInstruction } from './template-layout.ts';

const STEPS = [
  'Work through the task in these steps:',
  '1. Identify exactly what is being asked.',
  '2. Find the parts of the input that matter.',
  '3. Handle each part in order.',
  '4. Combine the results into the final answer.',
].join('\n');

const PHRASINGS: readonly TechniquePhrasing[] = [
  { name: 'numbered steps', render: () => STEPS },
  {
    name: 'break it down',
    render: () => 'Break the task down into smaller steps, and work through them in order.',
  },
  {
    name: 'first, then, finally',
    render: () =>
      'First identify exactly what is being asked, then work out each part of it, and finally combine the parts into one answer.',
  },
  {
    name: 'plan and solve',
    render: () =>
      'Solve the task in these steps: understand it, make a plan, carry the plan out, check the result.',
  },
];

const STEP_WORDING = [
  /^\s*(1[.)]|step 1\b)[\s\S]*^\s*(2[.)]|step 2\b)/im,
  /\bfirst\b[^.\n]{0,80}[.,;]?\s*(then|next|after that|second(ly)?)\b/i,
  /\bbreak (it|this|the (task|problem|question)) (down|into)\b/i,
  /\bsub-?(tasks|problems|questions|steps)\b/i,
  /\b(in|these|the following) steps\b/i,
];

/** Step decomposition: give the task as an ordered list of steps. */
export const stepDecomposition: Technique = {
  id: 'step-decomposition',
  name: 'Step decomposition',
  summary: 'Split the task into numbered steps the model follows in order.',
  explanation:
    'Listing the steps of a task (read, find, handle each part, combine) turns one hard instruction ' +
    'into several easy ones and makes the model less likely to skip a part. It helps on multi-part ' +
    'tasks and long inputs (least-to-most and plan-and-solve prompting). On a simple task it adds ' +
    'length and can make the answer narrate the steps instead of giving the result. Taught by ' +
    'learnprompting.org ("Least-to-Most Prompting", "Plan-and-Solve").',
  example: {
    before: 'Write release notes from the commits below.\n\nCommits:\n{{commits}}',
    after: `Write release notes from the commits below.\n\n${STEPS}\n\nCommits:\n{{commits}}`,
  },
  phrasings: PHRASINGS,
  detect: (body) => STEP_WORDING.some((pattern) => pattern.test(body)),
  apply: (body, options = {}) =>
    stepDecomposition.detect(body)
      ? body
      : insertInstruction(body, chosenPhrasing(stepDecomposition, options).render(options)),
};
