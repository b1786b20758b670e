import type { Model } from '../../models/model.ts';
import { RandomSource } from '../../stats/random-source.ts';
import { askProposer } from './ask-proposer.ts';
import { callOptions } from './call-options.ts';
import { checkRange, MAX_PROPOSALS } from './check-range.ts';
import { clip, keepPlaceholdersNote } from './meta-prompt-parts.ts';
import { looksLikePrompt, parseProposals } from './parse-proposals.ts';
import type { ProposalResult, ProposerOptions } from './proposal-result.ts';
import { sampleItems } from './sample-items.ts';
import type { Spend } from './spend.ts';
import { taggedBlocks } from './tagged-blocks.ts';
import { variationPrompt } from './variation-prompt.ts';

/** Failures quoted into a meta-prompt unless told otherwise (ProTeGi's minibatch of errors). */
export const DEFAULT_MAX_FAILURES = 4;

/** A test the body got wrong. */
export interface Failure {
  input: string;
  /** What the model answered. */
  output: string;
  expected?: string;
  /** Why the answer failed (an assertion's reason). */
  reason?: string;
}

/** What ProTeGi's steps read about the current body. */
export interface FailureOptions extends ProposerOptions {
  body: string;
  failures: readonly Failure[];
  /** Failures quoted, 1 to 20, chosen with `seed`; default 4. */
  maxFailures?: number;
}

/** Critiques of a body, and what asking cost. */
export interface CritiqueResult {
  critiques: string[];
  spent: Spend;
}

/**
 * ProTeGi's textual gradient (Pryzant et al. 2023, "Automatic Prompt Optimization with 'Gradient
 * Descent' and Beam Search"): shown the body and some failures, the proposer gives `count`
 * reasons why the prompt could have gotten them wrong, each in `<critique>` tags. One call.
 */
export async function textualGradients(model: Model, options: FailureOptions): Promise<CritiqueResult> {
  const count = checkRange('count', options.count, 1, MAX_PROPOSALS);
  const failures = chosenFailures(options);
  const ask = `Give ${count} ${count === 1 ? 'reason' : 'reasons'} why the prompt could have gotten these examples wrong. Wrap each reason with <critique> and </critique>.`;
  const metaPrompt = [...situation(options.body, failures), ask].join('\n\n');
  const answers = await askProposer(model, [metaPrompt], callOptions(options));
  const critiques = new Set<string>();
  for (const text of answers.texts) {
    for (const critique of critiquesIn(text)) if (critiques.size < count) critiques.add(critique);
  }
  return { critiques: [...critiques], spent: answers.spent };
}

/** What applying a critique reads. */
export interface ApplyGradientOptions extends FailureOptions {
  critique: string;
}

/**
 * ProTeGi's edit step: shown the body, the failures and one critique, the proposer writes
 * `count` improved prompts in `<prompt>` tags. One call.
 */
export async function applyGradient(model: Model, options: ApplyGradientOptions): Promise<ProposalResult> {
  const count = checkRange('count', options.count, 1, MAX_PROPOSALS);
  const failures = chosenFailures(options);
  const ask = [
    `Based on the above information, write ${count} different improved ${count === 1 ? 'prompt' : 'prompts'}.`,
    keepPlaceholdersNote(options.body),
    'Wrap each prompt with <prompt> and </prompt>.',
  ]
    .filter((line) => line !== '')
    .join(' ');
  const metaPrompt = [
    ...situation(options.body, failures),
    `Based on these examples the problem with this prompt is that ${clip(options.critique)}`,
    ask,
  ].join('\n\n');
  const answers = await askProposer(model, [metaPrompt], callOptions(options));
  const parsed = parseProposals(answers.texts, { original: options.body, limit: count });
  return { candidates: parsed.candidates, spent: answers.spent };
}

/** What the Monte-Carlo successor step reads. */
export interface ParaphraseBodyOptions extends ProposerOptions {
  body: string;
}

/**
 * ProTeGi's Monte-Carlo successors: variations of a whole body keeping its meaning and its
 * placeholders (APE's resampling template), one call per candidate. Costs `count` calls.
 */
export async function paraphraseBody(model: Model, options: ParaphraseBodyOptions): Promise<ProposalResult> {
  const count = checkRange('count', options.count, 1, MAX_PROPOSALS);
  const metaPrompt = variationPrompt(options.body, keepPlaceholdersNote(options.body));
  const answers = await askProposer(model, Array(count).fill(metaPrompt), {
    ...callOptions(options),
    stop: ['</prompt>'],
  });
  const parsed = parseProposals(answers.texts, { original: options.body, opened: true, limit: count });
  return { candidates: parsed.candidates, spent: answers.spent };
}

function chosenFailures(options: FailureOptions): readonly Failure[] {
  const size = checkRange('maxFailures', options.maxFailures ?? DEFAULT_MAX_FAILURES, 1, 20);
  return sampleItems(options.failures, size, RandomSource.derive(options.seed ?? 0, 0));
}

/** The opening shared by both meta-prompts: the prompt, then what it got wrong. */
function situation(body: string, failures: readonly Failure[]): string[] {
  const current = [
    "I'm trying to write a prompt for a language model.",
    `My current prompt is:\n"""\n${body}\n"""`,
  ];
  if (failures.length === 0) return current;
  return [
    ...current,
    'But this prompt gets the following examples wrong:',
    failures.map(formatFailure).join('\n\n'),
  ];
}

function formatFailure(failure: Failure, index: number): string {
  const lines = [
    `Example ${index + 1}:`,
    `Input: ${clip(failure.input)}`,
    `Answer given: ${clip(failure.output)}`,
  ];
  if (failure.expected !== undefined) lines.push(`Expected: ${clip(failure.expected)}`);
  if (failure.reason !== undefined) lines.push(`Why it is wrong: ${clip(failure.reason)}`);
  return lines.join('\n');
}

/** `<critique>` blocks; without any, the items of a numbered or bulleted list, else the whole answer. */
function critiquesIn(answer: string): string[] {
  const tagged = taggedBlocks(answer, 'critique');
  const items = tagged.length > 0 ? tagged : /<\/?critique>/i.test(answer) ? [] : listItems(answer);
  return items.map((item) => item.replace(/\s+/g, ' ').trim()).filter(looksLikePrompt);
}

function listItems(answer: string): string[] {
  const items = answer
    .split(/\r?\n/)
    .map((line) => /^\s*(?:\d+[.)]|[-*•])\s+(.*)$/.exec(line)?.[1])
    .filter((item): item is string => item !== undefined);
  return items.length >= 2 ? items : [answer];
}
