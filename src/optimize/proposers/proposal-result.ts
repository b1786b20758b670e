import type { Spend } from './spend.ts';

/** What every proposer returns: new candidate bodies (possibly none) and what asking cost. */
export interface ProposalResult {
  candidates: string[];
  spent: Spend;
}

/** Options every proposer takes. */
export interface ProposerOptions {
  /** How many candidates to ask for, 1 to 20. */
  count: number;
  /** Sampling temperature; default 0.7. */
  temperature?: number;
  /** Longest answer per call; default the model's own setting. */
  maxTokens?: number;
  /**
   * Sample index of the first call (default 0); call i uses `sample + i`. Asking again with the
   * same inputs and a fresh range gives fresh samples instead of the cached ones.
   */
  sample?: number;
  /** Seed of the random choices of examples to show (default 0): same seed, same meta-prompt. */
  seed?: number;
  /** Aborting stops new calls; the proposer then resolves with what was answered. */
  signal?: AbortSignal;
}
