import type { Demonstration } from '../../library/techniques/technique.ts';
import type { Model } from '../../models/model.ts';
import { RandomSource } from '../../stats/random-source.ts';
import { PlumeError } from '../../util/errors.ts';
import { askProposer } from './ask-proposer.ts';
import { callOptions } from './call-options.ts';
import { checkRange, MAX_PROPOSALS } from './check-range.ts';
import { formatPairs, keepPlaceholdersNote } from './meta-prompt-parts.ts';
import { parseProposals } from './parse-proposals.ts';
import type { ProposalResult, ProposerOptions } from './proposal-result.ts';
import { sampleItems } from './sample-items.ts';
import { variationPrompt } from './variation-prompt.ts';

/** Demonstrations shown per induction call unless told otherwise (the APE paper shows five). */
export const DEFAULT_INDUCTION_DEMONSTRATIONS = 5;

/** What instruction induction reads. */
export interface InduceInstructionsOptions extends ProposerOptions {
  demonstrations: readonly Demonstration[];
  /** The body whose input part (its placeholders) the instructions are combined with. */
  original: string;
  /** Demonstrations per call, 1 to 20; each call samples its own subset. Default 5. */
  maxDemonstrations?: number;
}

/**
 * APE forward generation (Zhou et al. 2022, "Large Language Models Are Human-Level Prompt
 * Engineers"): shown input-output pairs, the proposer completes "The instruction was <prompt>".
 * One call per candidate, each with its own sample of demonstrations; every instruction becomes
 * a body through composeBody with the original. Costs `count` calls.
 */
export async function induceInstructions(
  model: Model,
  options: InduceInstructionsOptions,
): Promise<ProposalResult> {
  const count = checkRange('count', options.count, 1, MAX_PROPOSALS);
  const shown = checkRange(
    'maxDemonstrations',
    options.maxDemonstrations ?? DEFAULT_INDUCTION_DEMONSTRATIONS,
    1,
    20,
  );
  if (options.demonstrations.length === 0) {
    throw new PlumeError({
      code: 'USAGE',
      message: 'Instruction induction needs at least one demonstration.',
      hint: 'Give the optimizer tests with expected outputs to show the proposer.',
    });
  }
  const first = options.sample ?? 0;
  const metaPrompts = Array.from({ length: count }, (_, index) => {
    const seed = RandomSource.derive(options.seed ?? 0, first + index);
    return forwardPrompt(sampleItems(options.demonstrations, shown, seed));
  });
  const answers = await askProposer(model, metaPrompts, { ...callOptions(options), stop: ['</prompt>'] });
  const parsed = parseProposals(answers.texts, {
    original: options.original,
    opened: true,
    instructions: true,
    limit: count,
  });
  return { candidates: parsed.candidates, spent: answers.spent };
}

/** What instruction paraphrasing reads. */
export interface ParaphraseInstructionOptions extends ProposerOptions {
  instruction: string;
  /** When given, each variation is made a body with composeBody; otherwise variations are returned bare. */
  original?: string;
}

/**
 * APE's iterative step (Zhou et al. 2022): "Generate a variation of the following instruction
 * while keeping the semantic meaning", one call per candidate. Costs `count` calls.
 */
export async function paraphraseInstruction(
  model: Model,
  options: ParaphraseInstructionOptions,
): Promise<ProposalResult> {
  const count = checkRange('count', options.count, 1, MAX_PROPOSALS);
  // Given a whole body rather than a bare instruction, ask to keep its placeholders.
  const metaPrompt = variationPrompt(options.instruction, keepPlaceholdersNote(options.instruction));
  const answers = await askProposer(model, Array(count).fill(metaPrompt), {
    ...callOptions(options),
    stop: ['</prompt>'],
  });
  const parsed = parseProposals(answers.texts, {
    original: options.original ?? '',
    known: [options.instruction],
    opened: true,
    instructions: options.original !== undefined,
    limit: count,
  });
  return { candidates: parsed.candidates, spent: answers.spent };
}

function forwardPrompt(demonstrations: readonly Demonstration[]): string {
  return [
    `I gave a friend an instruction and ${demonstrations.length === 1 ? 'an input' : 'some inputs'}. The friend read the instruction and wrote an output for every one of the inputs. Here are the input-output pairs:`,
    formatPairs(demonstrations),
    'Write the instruction between <prompt> and </prompt>.',
    'The instruction was <prompt>',
  ].join('\n\n');
}
