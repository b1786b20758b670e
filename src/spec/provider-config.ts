import { z } from 'zod';
import { type ModelParams, modelParamsSchema } from './model.ts';

/**
 * promptfoo's names for plume's parameters (the providers' own snake_case, and Gemini's and
 * Ollama's), each read as the plume parameter it names. A value given under both names is an error.
 */
export const PARAMETER_ALIASES = {
  max_tokens: 'maxTokens',
  max_completion_tokens: 'maxTokens',
  max_output_tokens: 'maxTokens',
  maxOutputTokens: 'maxTokens',
  num_predict: 'maxTokens',
  top_p: 'topP',
  top_k: 'topK',
  frequency_penalty: 'frequencyPenalty',
  presence_penalty: 'presencePenalty',
  stop_sequences: 'stop',
  stopSequences: 'stop',
  random_seed: 'seed',
  timeout: 'timeoutMs',
} as const satisfies Record<string, keyof ModelParams>;

/** A promptfoo parameter name plume reads as one of its own. */
export type ParameterAlias = keyof typeof PARAMETER_ALIASES;

/** Where a provider entry says its endpoint and key are (promptfoo's names), per entry. */
export const CONNECTION_KEYS = [
  'apiKey',
  'apiKeyEnvar',
  'apiBaseUrl',
  'apiHost',
  'baseURL',
  'baseUrl',
  'headers',
] as const;

const shape = modelParamsSchema.shape;
const stopSchema = z.union([z.string(), z.array(z.string())]);

/**
 * The `config:` of a suite's model: plume's parameters, promptfoo's aliases of them, and the
 * endpoint and key of that entry. Other keys are let through here and sorted out when the model is
 * normalized (normalize-models.ts): promptfoo's documented keys plume does not honour are ignored
 * with a warning, a near miss of a known key is an error.
 */
export const providerConfigSchema = z
  .object({
    ...shape,
    stop: stopSchema.optional(),
    max_tokens: shape.maxTokens,
    max_completion_tokens: shape.maxTokens,
    max_output_tokens: shape.maxTokens,
    maxOutputTokens: shape.maxTokens,
    num_predict: shape.maxTokens,
    top_p: shape.topP,
    top_k: shape.topK,
    frequency_penalty: shape.frequencyPenalty,
    presence_penalty: shape.presencePenalty,
    stop_sequences: stopSchema.optional(),
    stopSequences: stopSchema.optional(),
    random_seed: shape.seed,
    timeout: shape.timeoutMs,
    apiKey: z.string().optional().describe('the key for this model entry; never stored or printed'),
    apiKeyEnvar: z.string().min(1).optional().describe('the environment variable holding the key'),
    apiBaseUrl: z.string().min(1).optional().describe("the provider's base URL for this model entry"),
    apiHost: z.string().min(1).optional().describe('host of the base URL (https://HOST/v1)'),
    baseURL: z.string().min(1).optional(),
    baseUrl: z.string().min(1).optional(),
    headers: z.record(z.string(), z.string()).optional().describe('extra HTTP headers (credentials)'),
  })
  .catchall(z.unknown());
export type ProviderConfigInput = z.infer<typeof providerConfigSchema>;
