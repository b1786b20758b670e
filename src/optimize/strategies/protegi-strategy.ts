import { type Candidate, makeCandidate } from '../candidate.ts';
import { applyGradient, paraphraseBody, textualGradients } from '../proposers/protegi.ts';
import type { SearchContext } from '../search-context.ts';
import { proposerMaxTokens, proposerWorst, requireProposer, trainingFailures } from './proposer-inputs.ts';
import { raceCalls, type Strategy } from './strategy.ts';

/** Bodies kept between rounds. */
const BEAM_WIDTH = 2;
/** Critiques asked per beam member and round. */
const CRITIQUES = 2;

/**
 * ProTeGi (Pryzant et al. 2023): beam search over prompts. Each round, for every body in the beam:
 * collect its failures on a training mini-batch, ask for critiques ("textual gradients"), edit
 * the body along each critique, and add paraphrases of the edits (Monte-Carlo successors). The
 * pool races on validation (successive halving is the bandit selection) and the best
 * BEAM_WIDTH bodies form the next beam.
 */
async function protegi(context: SearchContext): Promise<void> {
  const proposer = requireProposer(context, 'protegi');
  let beam: Candidate[] = [context.incumbent.candidate];
  const options = <T extends object>(extra: T) => ({
    maxTokens: proposerMaxTokens(proposer),
    ...(context.signal ? { signal: context.signal } : {}),
    ...extra,
  });
  for (let round = 0; round < context.settings.iterations; round++) {
    const pool: Candidate[] = [];
    for (const member of beam) {
      const failures = await trainingFailures(context, member, context.settings.minBatch * 2);
      if (failures.length === 0) continue;
      const quoted =
        failures.slice(0, 4).reduce((sum, failure) => sum + failure.input.length + failure.output.length, 0) +
        member.body.length;
      const key = `protegi:${round}:${member.hash}`;
      const critiques = await context.memo(
        `${key}:gradients`,
        proposerWorst(context, 1, quoted),
        async () => {
          const result = await textualGradients(
            proposer,
            options({ body: member.body, failures, count: CRITIQUES, seed: round }),
          );
          return { value: result.critiques, spent: result.spent };
        },
      );
      for (const [index, critique] of critiques.entries()) {
        const edits = await context.memo(
          `${key}:edit:${index}`,
          proposerWorst(context, 1, quoted + critique.length),
          async () => {
            const result = await applyGradient(
              proposer,
              options({ body: member.body, failures, critique, count: 2, seed: round }),
            );
            return { value: result.candidates, spent: result.spent };
          },
        );
        for (const body of edits) {
          pool.push(
            makeCandidate(body, {
              strategy: 'protegi',
              description: `edit along: ${critique.slice(0, 80)}`,
              parent: member.hash,
            }),
          );
        }
      }
    }
    const successors = await Promise.all(
      pool.slice(0, context.settings.candidates).map((candidate, index) =>
        context.memo(
          `protegi:${round}:paraphrase:${candidate.hash}`,
          proposerWorst(context, 1, candidate.body.length),
          async () => {
            const result = await paraphraseBody(
              proposer,
              options({ body: candidate.body, count: 1, sample: round * 100 + index }),
            );
            return { value: result.candidates, spent: result.spent };
          },
        ),
      ),
    );
    successors.forEach((bodies, index) => {
      const parent = pool[index]!;
      for (const body of bodies)
        pool.push(
          makeCandidate(body, {
            strategy: 'protegi',
            description: 'paraphrase of an edit',
            parent: parent.hash,
          }),
        );
    });
    if (pool.length === 0) return;
    context.emit({
      type: 'step',
      strategy: 'protegi',
      description: `round ${round + 1}`,
      candidates: pool.length,
    });
    const result = await context.race('protegi', [...beam.slice(1), ...pool]);
    beam = result.standings.slice(0, BEAM_WIDTH).map((standing) => standing.candidate);
  }
}

export const PROTEGI_STRATEGY: Strategy = {
  run: protegi,
  needsProposer: true,
  cost: `per round and beam member (${BEAM_WIDTH}): a training mini-batch, 1 critique call, ${CRITIQUES} edit calls, then a paraphrase call per edit; racing each round`,
  estimate: (sizes) => ({
    targetCalls:
      sizes.iterations * (BEAM_WIDTH * sizes.minBatch * 2 + raceCalls(BEAM_WIDTH * CRITIQUES * 4 + 1, sizes)),
    proposerCalls: sizes.iterations * BEAM_WIDTH * (1 + CRITIQUES + CRITIQUES * 2),
  }),
};
