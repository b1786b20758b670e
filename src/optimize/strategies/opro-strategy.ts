import { makeCandidate } from '../candidate.ts';
import { proposeFromTrajectory } from '../proposers/opro.ts';
import type { SearchContext } from '../search-context.ts';
import { goldDemonstrations, proposerMaxTokens, proposerWorst, requireProposer } from './proposer-inputs.ts';
import { raceCalls, type Strategy } from './strategy.ts';

/**
 * OPRO (Yang et al. 2023): each round, the proposer sees the prompts scored so far (validation
 * pass rates) and writes new ones meant to score higher; they race the incumbent.
 */
async function opro(context: SearchContext): Promise<void> {
  const proposer = requireProposer(context, 'opro');
  const count = Math.min(20, context.settings.candidates);
  for (let round = 0; round < context.settings.iterations; round++) {
    const trajectory = [...context.scored.values()]
      .filter((standing) => standing.tests > 0)
      .map((standing) => ({ body: standing.candidate.body, score: standing.mean }));
    const incumbent = context.incumbent.candidate;
    const demonstrations = goldDemonstrations(context.train, incumbent.body, 20);
    const quoted = trajectory.slice(0, 20).reduce((sum, entry) => sum + entry.body.length, 0);
    const proposals = await context.memo(`opro:${round}`, proposerWorst(context, count, quoted), async () => {
      const result = await proposeFromTrajectory(proposer, {
        trajectory,
        demonstrations,
        original: incumbent.body,
        count,
        maxTokens: proposerMaxTokens(proposer),
        sample: round * count,
        seed: round,
        ...(context.signal ? { signal: context.signal } : {}),
      });
      return { value: result.candidates, spent: result.spent };
    });
    if (proposals.length === 0) continue;
    context.emit({
      type: 'step',
      strategy: 'opro',
      description: `round ${round + 1}`,
      candidates: proposals.length,
    });
    await context.race(
      'opro',
      proposals.map((body) =>
        makeCandidate(body, { strategy: 'opro', description: `round ${round + 1}`, parent: incumbent.hash }),
      ),
    );
  }
}

export const OPRO_STRATEGY: Strategy = {
  run: opro,
  needsProposer: true,
  cost: 'candidates proposer calls per round (iterations rounds), racing each time',
  estimate: (sizes) => ({
    targetCalls: sizes.iterations * raceCalls(sizes.candidates + 1, sizes),
    proposerCalls: sizes.iterations * Math.min(20, sizes.candidates),
  }),
};
