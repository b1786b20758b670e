import { chosenPhrasing } from './phrasing.ts';
import type { Technique, TechniquePhrasing } from './technique.ts';
import { insertInstruction } from './template-layout.ts';

const INSTRUCTION = 'Think step by step, then give your final answer.';

const PHRASINGS: readonly TechniquePhrasing[] = [
  { name: 'step by step', render: () => INSTRUCTION },
  { name: "let's think (Kojima et al.)", render: () => "Let's think step by step." },
  {
    name: 'reason first, answer last',
    render: () =>
      'Reason through the problem carefully before you answer, then give your final answer on the last line.',
  },
  { name: 'show your work', render: () => 'Explain your reasoning first, then state the answer.' },
];

const REASONING_WORDING = [
  /\bstep[- ]by[- ]step\b/i,
  /\bthink(ing)? (it |this |that )?(through|carefully|aloud|out loud)\b/i,
  /\blet'?s think\b/i,
  /\breason(ing)?\b[^.\n]{0,30}\b(before|first|carefully|through|out loud|aloud|about it)\b/i,
  /\b(explain|show|describe|write out) your (reasoning|work|thinking|thought process)\b/i,
  /\bchain[- ]of[- ]thought\b/i,
];

/** Chain of thought: ask the model to reason before it answers. */
export const chainOfThought: Technique = {
  id: 'chain-of-thought',
  name: 'Chain of thought',
  summary: 'Ask the model to reason step by step before giving its answer.',
  explanation:
    'Asking for the reasoning before the answer ("think step by step") gives the model room to work ' +
    'out intermediate results, which improves arithmetic, logic and multi-hop questions, mostly on ' +
    'larger models (Wei et al. 2022; Kojima et al. 2022, "Let\'s think step by step"). It costs more ' +
    'output tokens and latency, can hurt simple classification or extraction, and conflicts with a ' +
    'strict "answer with one word" format unless the final answer is asked for on its own line. ' +
    'Taught by learnprompting.org ("Chain-of-Thought Prompting").',
  example: {
    before: 'A train leaves at {{departure}} and travels for {{hours}} hours. When does it arrive?',
    after:
      'A train leaves at {{departure}} and travels for {{hours}} hours. When does it arrive?\n\n' +
      INSTRUCTION,
  },
  phrasings: PHRASINGS,
  detect: (body) => REASONING_WORDING.some((pattern) => pattern.test(body)),
  apply: (body, options = {}) =>
    chainOfThought.detect(body)
      ? body
      : insertInstruction(body, chosenPhrasing(chainOfThought, options).render(options)),
};
