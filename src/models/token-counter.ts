import { lazyModule } from '../util/lazy-module.ts';

/** Counts the tokens of a text for one model, exactly when its tokenizer is known here. */
export interface TokenCounter {
  /** The tokenizer used, or how the count is approximated. */
  readonly name: string;
  /** False when the count is an approximation (no public tokenizer for the model). */
  readonly exact: boolean;
  count(text: string): number;
}

/** About four characters a token: the usual rule of thumb for English with BPE vocabularies. */
export const APPROXIMATE_TOKEN_COUNTER: TokenCounter = {
  name: 'approximation: 4 characters a token',
  exact: false,
  count: (text) => Math.ceil(text.length / 4),
};

type Encoding = 'o200k_base' | 'cl100k_base';

// OpenAI's published vocabularies, by model family. Model names are matched on their last path
// segment so proxies (`openai/gpt-4o` on OpenRouter, an openai-compatible entry) count alike.
const ENCODINGS: readonly [RegExp, Encoding][] = [
  [/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|chatgpt-4o|o1|o3|o4)/, 'o200k_base'],
  [/^(gpt-4|gpt-3\.5|text-embedding-3|text-embedding-ada)/, 'cl100k_base'],
];

type EncodingModule = typeof import('gpt-tokenizer/encoding/o200k_base');

// A vocabulary takes about half a second to load: it is required on the first count, so a run
// with no token-count check never loads it, whatever its models.
const ENCODING_MODULES: Record<Encoding, () => EncodingModule> = {
  o200k_base: lazyModule('gpt-tokenizer/encoding/o200k_base'),
  cl100k_base: lazyModule('gpt-tokenizer/encoding/cl100k_base'),
};
const counters = new Map<Encoding, TokenCounter>();

/**
 * The token counter for a model name: OpenAI's BPE (o200k_base or cl100k_base, loaded on the first
 * count) for OpenAI model families, else the marked approximation — Anthropic, Google and Mistral
 * publish no tokenizer to count with offline.
 */
export async function tokenCounterFor(modelName: string): Promise<TokenCounter> {
  const name = modelName.split('/').at(-1)!.toLowerCase();
  const encoding = ENCODINGS.find(([pattern]) => pattern.test(name))?.[1];
  if (encoding === undefined) return APPROXIMATE_TOKEN_COUNTER;
  let counter = counters.get(encoding);
  if (counter === undefined) {
    const vocabulary = ENCODING_MODULES[encoding];
    counter = { name: encoding, exact: true, count: (text) => vocabulary().countTokens(text) };
    counters.set(encoding, counter);
  }
  return counter;
}
