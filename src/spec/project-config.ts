import { z } from 'zod';
import { modelParamsSchema, priceSchema } from './model.ts';
import { modelRefSchema } from './suite.ts';

const providerTypeSchema = z.enum([
  'openai',
  'anthropic',
  'google',
  'mistral',
  'openai-compatible',
  'ollama',
]);
export type ProviderType = z.infer<typeof providerTypeSchema>;

const envNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name');

/** A header's value: written out, or `{ env: NAME }` to read it from the environment (a token, a key). */
const headerValueSchema = z.union([z.string(), z.object({ env: envNameSchema }).strict()], {
  error: 'a header is a text, or { env: NAME } to read it from the environment',
});
export type HeaderValue = z.infer<typeof headerValueSchema>;

/** A provider entry of plume.yaml. Keys are never written here: only the name of the variable that holds one. */
export const providerConfigSchema = z
  .object({
    type: providerTypeSchema.optional(),
    baseURL: z.url().optional(),
    apiKeyEnv: envNameSchema.optional(),
    /** Sent with every call; their values are redacted from all plume writes, as keys are. */
    headers: z.record(z.string(), headerValueSchema).optional(),
    /** Most calls in flight at once to this provider. */
    concurrency: z.number().int().positive().optional(),
    timeoutMs: z.number().int().positive().optional(),
    maxRetries: z.number().int().min(0).max(20).optional(),
  })
  .strict();
export type ProviderConfig = z.infer<typeof providerConfigSchema>;

export const localConfigSchema = z
  .object({
    /** A GGUF file path, or a hub URI (`hf:owner/repo/file.gguf`, https URL) downloaded once. */
    model: z.string().optional(),
    threads: z.number().int().positive().optional(),
    contextSize: z.number().int().positive().optional(),
    /** Parallel sequences in one context: concurrent calls are batched together. */
    sequences: z.number().int().positive().max(64).optional(),
    gpu: z.boolean().optional(),
  })
  .strict();
export type LocalConfig = z.infer<typeof localConfigSchema>;

const durationSchema = z.string().regex(/^\d+(ms|s|m|h|d)$/, "a duration such as '30s', '12h' or '7d'");

/** plume.yaml at the root of a project. */
export const projectConfigSchema = z
  .object({
    /** Folder of prompt files, relative to the project root. */
    prompts: z.string().default('prompts'),
    /** `provider:model` used when a prompt names none. */
    defaultModel: z.string().optional(),
    /**
     * `provider:model` grading the model-graded checks (llm-rubric, g-eval, ...) that name no
     * grader; a suite's `defaultTest.options.provider` overrides it. Unset: the default model.
     */
    grader: modelRefSchema.optional(),
    defaults: modelParamsSchema.optional(),
    providers: z.record(z.string(), providerConfigSchema).default({}),
    local: localConfigSchema.default({}),
    cache: z
      .object({ enabled: z.boolean().default(true), ttl: durationSchema.optional() })
      .strict()
      .default({ enabled: true }),
    /** Prices per million tokens, keyed `provider:model`; they override the built-in table. */
    prices: z.record(z.string(), priceSchema).default({}),
    /**
     * Folders outside the project that suites, test data and prompts may read files from
     * (relative to plume.yaml, or absolute); by default only the project's own files are read.
     */
    allowRead: z.array(z.string().min(1)).default([]),
    /** The embedding model of `similar` checks: a local Model2Vec folder (relative to the project root). */
    embedding: z
      .object({ model: z.string().min(1).optional() })
      .strict()
      .optional(),
  })
  .strict();
export type ProjectConfig = z.infer<typeof projectConfigSchema>;
