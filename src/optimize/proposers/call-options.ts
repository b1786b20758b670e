import type { ProposerOptions } from './proposal-result.ts';
import type { ProposerCallOptions } from './proposer-call.ts';

/** The options of a proposer that each of its calls takes, unset ones left out. */
export function callOptions(options: ProposerOptions): ProposerCallOptions {
  return {
    ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    sample: options.sample ?? 0,
  };
}
