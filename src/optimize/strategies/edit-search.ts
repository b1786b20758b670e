import { type Candidate, makeCandidate } from '../candidate.ts';
import { additionKey } from '../edits/edit.ts';
import { proposeEdits } from '../edits/propose-edits.ts';
import { spreadAdditions, techniqueAdditions } from '../edits/technique-additions.ts';
import type { SearchContext } from '../search-context.ts';
import { type EstimateSizes, raceCalls } from './strategy.ts';

/**
 * Edit search in the manner of GrIPS (Prasad et al. 2022), in two steps. First the additions:
 * every catalogue technique the incumbent lacks, in every one of its phrasings, raced together
 * (racing drops most after a first rung, so a wording a model happens to reward is found even
 * when the technique's other wordings do nothing); a call budget too small for all of them and
 * the rounds after gets a sample spread over the techniques (see additionsLimit). Then
 * `iterations − 1` rounds (all `iterations`, when there is nothing to add) of phrase-level
 * edits of the incumbent (delete, swap, paraphrase with a WordNet synonym, add a technique),
 * each raced against it, the winner kept; their additions are the techniques and phrasings the
 * first step left out, while any is left. No model proposes anything; the cost is the racing
 * alone. Stops after `patience` steps without a gain.
 */
export async function editSearch(context: SearchContext, patience = 2): Promise<void> {
  const raced = new Set<string>();
  const triedAdditions = new Set<string>();
  let stale = 0;
  const step = async (description: string, candidates: Candidate[]) => {
    context.emit({ type: 'step', strategy: 'edits', description, candidates: candidates.length });
    const incumbent = context.incumbent.candidate;
    for (const candidate of candidates) raced.add(candidate.body);
    await context.race('edits', candidates);
    stale = context.incumbent.candidate.hash === incumbent.hash ? stale + 1 : 0;
  };
  context.signal?.throwIfAborted();
  const start = context.incumbent.candidate;
  const available = techniqueAdditions(start.body);
  const additions = spreadAdditions(
    available,
    additionsLimit(context, sizesOf(context), available.length),
    context.random,
  );
  for (const addition of additions) triedAdditions.add(additionKey(addition));
  if (additions.length > 0) {
    const candidates = additions.map((addition) =>
      makeCandidate(addition.body, {
        strategy: 'edits',
        description: addition.description,
        parent: start.hash,
      }),
    );
    await step('additions: techniques × phrasings', candidates);
  }
  // The additions race is the first step; without additions, every step is a round.
  const first = additions.length > 0 ? 1 : 0;
  for (let round = first; round < context.settings.iterations && stale < patience; round++) {
    context.signal?.throwIfAborted();
    const incumbent = context.incumbent.candidate;
    const edits = await proposeEdits(incumbent.body, {
      random: context.random,
      count: context.settings.candidates,
      exclude: raced,
      triedAdditions,
    });
    if (edits.length === 0) return;
    for (const edit of edits) if (edit.addition) triedAdditions.add(additionKey(edit.addition));
    const candidates = edits.map((edit) =>
      makeCandidate(edit.body, { strategy: 'edits', description: edit.description, parent: incumbent.hash }),
    );
    await step(`round ${round + 1 - first}`, candidates);
  }
}

/**
 * How many additions the first step races: all of them (`available`) when, under a call budget,
 * this strategy's share of the calls left (all of it when it runs last, half with one strategy
 * after it, a third with two, ...) can be expected to pay for that race and the rounds after it;
 * else as many as can, and never fewer than `candidates` (the budget is still checked call by
 * call, and stops the search where it runs out).
 */
export function additionsLimit(context: SearchContext, sizes: EstimateSizes, available: number): number {
  const rounds = Math.max(0, sizes.iterations - 1) * raceCalls(sizes.candidates + 1, sizes);
  const share = 1 + context.strategiesAfter;
  const afford = (field: number) =>
    context.budget.canAfford({
      calls: share * (raceCalls(field + 1, sizes) + rounds),
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
    });
  let limit = available;
  while (limit > sizes.candidates && !afford(limit)) limit--;
  return limit;
}

function sizesOf(context: SearchContext): EstimateSizes {
  return {
    train: context.train.length,
    validation: context.validation.length,
    candidates: context.settings.candidates,
    iterations: context.settings.iterations,
    minBatch: context.settings.minBatch,
    exhaustive: context.settings.exhaustive,
  };
}
