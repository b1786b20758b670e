import type { Demonstration } from '../../library/techniques/technique.ts';
import type { Model } from '../../models/model.ts';
import { PlumeError } from '../../util/errors.ts';
import { askProposer } from './ask-proposer.ts';
import { callOptions } from './call-options.ts';
import { checkRange, MAX_PROPOSALS } from './check-range.ts';
import { formatPairs, keepPlaceholdersNote } from './meta-prompt-parts.ts';
import { parseProposals } from './parse-proposals.ts';
import type { ProposalResult, ProposerOptions } from './proposal-result.ts';
import { sampleItems } from './sample-items.ts';

/** Earlier prompts shown to the proposer unless told otherwise (the OPRO paper keeps 20). */
export const DEFAULT_MAX_TRAJECTORY = 20;
/** Exemplars shown unless told otherwise (the OPRO paper shows three). */
export const DEFAULT_EXEMPLARS = 3;

/** A prompt body tried earlier and its score, from 0 to 1. */
export interface ScoredBody {
  body: string;
  score: number;
}

/** What an OPRO step reads. */
export interface ProposeFromTrajectoryOptions extends ProposerOptions {
  /** Bodies tried so far with their scores (0 to 1), in any order; may be empty when `original` is given. */
  trajectory: readonly ScoredBody[];
  /** Task exemplars to show; a random few (see `exemplars`) are. */
  demonstrations: readonly Demonstration[];
  /** Best-scoring bodies kept in the meta-prompt, 1 to 100; default 20. */
  maxTrajectory?: number;
  /** Exemplars shown, 0 to 20; default 3, chosen with `seed`. */
  exemplars?: number;
  /** The body whose placeholders candidates must keep; default the best of the trajectory. */
  original?: string;
}

/**
 * OPRO (Yang et al. 2023, "Large Language Models as Optimizers"): the meta-prompt lists the best
 * `maxTrajectory` earlier prompts with their scores as integers from 0 to 100, in ascending
 * order of score (best last), shows a few exemplars, and asks for a new prompt different from all
 * of them and scoring higher. Every call sends the same meta-prompt as a new sample and yields
 * one prompt, as in the paper. Costs `count` calls.
 */
export async function proposeFromTrajectory(
  model: Model,
  options: ProposeFromTrajectoryOptions,
): Promise<ProposalResult> {
  const count = checkRange('count', options.count, 1, MAX_PROPOSALS);
  const keep = checkRange('maxTrajectory', options.maxTrajectory ?? DEFAULT_MAX_TRAJECTORY, 1, 100);
  const shown = checkRange('exemplars', options.exemplars ?? DEFAULT_EXEMPLARS, 0, 20);
  const trajectory = bestAscending(options.trajectory, keep);
  const original = options.original ?? trajectory.at(-1)?.body;
  if (original === undefined) {
    throw new PlumeError({
      code: 'USAGE',
      message: 'An OPRO step needs a scored prompt in its trajectory, or the original prompt.',
      hint: 'Score the starting prompt first and pass it as the trajectory.',
    });
  }
  const exemplars = sampleItems(options.demonstrations, shown, options.seed ?? 0);
  const metaPrompt = trajectoryPrompt(trajectory, exemplars, original);
  const answers = await askProposer(model, Array(count).fill(metaPrompt), callOptions(options));
  const parsed = parseProposals(answers.texts, {
    original,
    known: options.trajectory.map((entry) => entry.body),
    limit: count,
  });
  return { candidates: parsed.candidates, spent: answers.spent };
}

/** The score shown for a body: its 0–1 score as a whole number from 0 to 100. */
export function displayScore(score: number): number {
  if (!Number.isFinite(score)) return 0;
  return Math.round(Math.min(1, Math.max(0, score)) * 100);
}

/** One entry per body (its best score), the `keep` best, sorted by ascending score. */
function bestAscending(trajectory: readonly ScoredBody[], keep: number): ScoredBody[] {
  const best = new Map<string, ScoredBody>();
  for (const entry of trajectory) {
    const score = Number.isFinite(entry.score) ? entry.score : 0;
    const known = best.get(entry.body);
    if (known === undefined || score > known.score) best.set(entry.body, { body: entry.body, score });
  }
  // A stable sort: ties keep the order they were given in.
  const ascending = [...best.values()].sort((left, right) => left.score - right.score);
  return ascending.slice(Math.max(0, ascending.length - keep));
}

function trajectoryPrompt(
  trajectory: readonly ScoredBody[],
  exemplars: readonly Demonstration[],
  original: string,
): string {
  const earlier = trajectory.map((entry) => `text:\n${entry.body}\nscore:\n${displayScore(entry.score)}`);
  const parts = ['Your task is to write a prompt for a language model that scores as high as possible.'];
  if (earlier.length > 0) {
    parts.push(
      'Below are some previous prompts with their scores. The score ranges from 0 to 100, higher is better. The prompts are arranged in ascending order based on their scores.',
      earlier.join('\n\n'),
    );
  } else {
    parts.push(`Here is the current prompt, not scored yet:\n\ntext:\n${original}`);
  }
  if (exemplars.length > 0) {
    parts.push(
      'Below are some examples of the task. The prompt is filled in with each input, and the answer should match the output.',
      formatPairs(exemplars),
    );
  }
  const note = keepPlaceholdersNote(original);
  parts.push(
    [
      'Write a new prompt that is different from all the prompts above and has a higher score than all of them.',
      note,
      'Write the new prompt between <prompt> and </prompt>.',
    ]
      .filter((line) => line !== '')
      .join(' '),
  );
  return parts.join('\n\n');
}
