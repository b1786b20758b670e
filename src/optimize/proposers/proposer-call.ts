import type { Model } from '../../models/model.ts';
import type { ModelParams } from '../../spec/model.ts';
import { type Spend, spendOf } from './spend.ts';

/** The temperature proposals are sampled at unless told otherwise. */
export const DEFAULT_PROPOSAL_TEMPERATURE = 0.7;

/** How one meta-prompt is sent to the proposer model. */
export interface ProposerCallOptions {
  /** Default DEFAULT_PROPOSAL_TEMPERATURE. */
  temperature?: number;
  /** Longest answer; default the model's own setting. */
  maxTokens?: number;
  /** Which sample of this meta-prompt this is (default 0): each index is its own cache entry. */
  sample?: number;
  /** Stop sequences, left out of the answer. */
  stop?: string[];
  signal?: AbortSignal;
}

/** The proposer's answer to one meta-prompt, with what the call used. */
export interface ProposerAnswer {
  text: string;
  finishReason: string;
  usage: Spend;
}

/**
 * Send one meta-prompt, as a single user message, to the proposer model. On a model that honours
 * seeds, sample `n` runs at seed `n` plus the seed its reference pins (0 when none), so that
 * samples differ yet stay reproducible. Errors from the model (after the registry's retries) are
 * thrown unchanged.
 */
export async function callProposer(
  model: Model,
  metaPrompt: string,
  options: ProposerCallOptions = {},
): Promise<ProposerAnswer> {
  const sample = options.sample ?? 0;
  const params: ModelParams = { temperature: options.temperature ?? DEFAULT_PROPOSAL_TEMPERATURE };
  if (options.maxTokens !== undefined) params.maxTokens = options.maxTokens;
  if (options.stop !== undefined && options.stop.length > 0) params.stop = options.stop;
  // Some providers (the local one) sample the same way every time unless given a seed: make
  // each sample index its own seed, so samples differ yet a rerun repeats them.
  if (model.capabilities.seed) params.seed = (model.ref.params.seed ?? 0) + sample;
  const result = await model.generate(
    { messages: [{ role: 'user', content: metaPrompt }], params },
    { sample, ...(options.signal ? { signal: options.signal } : {}) },
  );
  return { text: result.text, finishReason: result.finishReason, usage: spendOf(result) };
}
