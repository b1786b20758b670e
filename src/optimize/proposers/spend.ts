import type { GenerateResult } from '../../spec/model.ts';
import type { Spend } from '../../store/optimization-store.ts';

export type { Spend } from '../../store/optimization-store.ts';

/**
 * The spend of one answered proposer call. A call answered from the cache counts as a call, with
 * its tokens as the cache recorded them but a cost of 0: call and token counts then do not depend
 * on the cache, so a rerun follows the same search, while `costUsd` is money really spent. A model
 * without a known price also costs 0.
 */
export function spendOf(result: GenerateResult): Spend {
  return {
    calls: 1,
    inputTokens: result.usage.inputTokens,
    outputTokens: result.usage.outputTokens,
    costUsd: result.cached ? 0 : (result.costUsd ?? 0),
  };
}
