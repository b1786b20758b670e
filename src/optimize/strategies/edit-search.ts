import { makeCandidate } from '../candidate.ts';
import { proposeEdits } from '../edits/propose-edits.ts';
import type { SearchContext } from '../search-context.ts';

/**
 * Edit search in the manner of GrIPS (Prasad et al. 2022): each round proposes phrase-level
 * edits of the incumbent (delete, swap, paraphrase with a WordNet synonym, add a catalogue
 * technique), races them against it, and keeps the winner. No model proposes anything; the cost
 * is the racing alone. Stops after `iterations` rounds or `patience` rounds without a gain.
 */
export async function editSearch(context: SearchContext, patience = 2): Promise<void> {
  let stale = 0;
  for (let round = 0; round < context.settings.iterations && stale < patience; round++) {
    context.signal?.throwIfAborted();
    const incumbent = context.incumbent.candidate;
    const edits = await proposeEdits(incumbent.body, {
      random: context.random,
      count: context.settings.candidates,
    });
    if (edits.length === 0) return;
    context.emit({
      type: 'step',
      strategy: 'edits',
      description: `round ${round + 1}`,
      candidates: edits.length,
    });
    const candidates = edits.map((edit) =>
      makeCandidate(edit.body, { strategy: 'edits', description: edit.description, parent: incumbent.hash }),
    );
    await context.race('edits', candidates);
    stale = context.incumbent.candidate.hash === incumbent.hash ? stale + 1 : 0;
  }
}
