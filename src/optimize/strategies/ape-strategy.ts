import { makeCandidate } from '../candidate.ts';
import { induceInstructions, paraphraseInstruction } from '../proposers/ape.ts';
import type { SearchContext } from '../search-context.ts';
import { goldDemonstrations, proposerMaxTokens, proposerWorst, requireProposer } from './proposer-inputs.ts';
import { raceCalls, type Strategy } from './strategy.ts';

/**
 * APE (Zhou et al. 2022): the proposer induces instructions from training input → gold answer
 * pairs; they race the incumbent; then each round paraphrases the winner's instruction part and
 * races again. Needs gold answers in the tests' variables (expected, answer, label, gold).
 */
async function ape(context: SearchContext): Promise<void> {
  const proposer = requireProposer(context, 'ape');
  const base = context.incumbent.candidate;
  const demonstrations = goldDemonstrations(context.train, base.body, 40);
  if (demonstrations.length === 0) return;
  const count = Math.min(20, context.settings.candidates);
  const quoted = demonstrations
    .slice(0, 5)
    .reduce((sum, demo) => sum + demo.input.length + demo.output.length, 0);
  const induced = await context.memo(
    `ape:induce:${base.hash}`,
    proposerWorst(context, count, quoted),
    async () => {
      const result = await induceInstructions(proposer, {
        demonstrations,
        original: base.body,
        count,
        maxTokens: proposerMaxTokens(proposer),
        seed: Math.floor(context.random() * 2 ** 31),
        ...(context.signal ? { signal: context.signal } : {}),
      });
      return { value: result.candidates, spent: result.spent };
    },
  );
  context.emit({
    type: 'step',
    strategy: 'ape',
    description: 'induced instructions',
    candidates: induced.length,
  });
  await context.race(
    'ape',
    induced.map((body) =>
      makeCandidate(body, { strategy: 'ape', description: 'induced instruction', parent: base.hash }),
    ),
  );
  for (let round = 1; round < context.settings.iterations; round++) {
    const incumbent = context.incumbent.candidate;
    const variations = await context.memo(
      `ape:paraphrase:${incumbent.hash}:${round}`,
      proposerWorst(context, count, incumbent.body.length),
      async () => {
        const result = await paraphraseInstruction(proposer, {
          instruction: incumbent.body,
          original: base.body,
          count,
          maxTokens: proposerMaxTokens(proposer),
          sample: round * count,
          ...(context.signal ? { signal: context.signal } : {}),
        });
        return { value: result.candidates, spent: result.spent };
      },
    );
    if (variations.length === 0) return;
    context.emit({
      type: 'step',
      strategy: 'ape',
      description: `paraphrase round ${round}`,
      candidates: variations.length,
    });
    await context.race(
      'ape',
      variations.map((body) =>
        makeCandidate(body, {
          strategy: 'ape',
          description: 'paraphrased instruction',
          parent: incumbent.hash,
        }),
      ),
    );
  }
}

export const APE_STRATEGY: Strategy = {
  run: ape,
  needsProposer: true,
  cost: 'candidates proposer calls to induce, then candidates per paraphrase round; racing each time',
  estimate: (sizes) => ({
    targetCalls: sizes.iterations * raceCalls(sizes.candidates + 1, sizes),
    proposerCalls: sizes.iterations * Math.min(20, sizes.candidates),
  }),
};
