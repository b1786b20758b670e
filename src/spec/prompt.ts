import { z } from 'zod';
import type { Message, ModelParams } from './model.ts';

/** An immutable version of a prompt: the normalized file content and where it came from. */
export interface PromptVersion {
  /** sha256 of the normalized content; the version's identity. */
  hash: string;
  name: string;
  /** Version this one was edited or optimized from. */
  parentHash: string | undefined;
  content: string;
  author: string;
  message: string;
  createdAt: string;
  /** Free-form data attached when the version was saved (an optimizer's report, ...). */
  metadata?: Record<string, unknown>;
}

/** A named pointer at a version of a prompt (`production`, `staging`, ...). */
export interface Label {
  promptName: string;
  label: string;
  versionHash: string;
  updatedAt: string;
}

/** One move of a label, kept so a label can be rolled back. */
export interface LabelMove {
  promptName: string;
  label: string;
  fromHash: string | undefined;
  toHash: string;
  at: string;
  /** True when this move undid an earlier one (`lib label --rollback`). */
  rollback?: boolean;
}

/** A schema in front matter: Picoschema (`name: string, the name`) or JSON Schema. */
const schemaSourceSchema = z.union([z.string(), z.record(z.string(), z.unknown())]);

/**
 * `config:` of a prompt file. Dotprompt's names (maxOutputTokens, stopSequences) and plume's
 * (maxTokens, stop) are both accepted; they map onto ModelParams.
 */
export const promptConfigSchema = z
  .object({
    temperature: z.number().min(0).max(2).optional(),
    maxOutputTokens: z.number().int().positive().optional(),
    maxTokens: z.number().int().positive().optional(),
    topP: z.number().gt(0).max(1).optional(),
    topK: z.number().int().positive().optional(),
    stopSequences: z.array(z.string()).optional(),
    stop: z.array(z.string()).optional(),
    seed: z.number().int().optional(),
    presencePenalty: z.number().optional(),
    frequencyPenalty: z.number().optional(),
    timeoutMs: z.number().int().positive().optional(),
  })
  .strict()
  .refine((config) => config.maxOutputTokens === undefined || config.maxTokens === undefined, {
    message: 'give maxOutputTokens or maxTokens, not both',
  })
  .refine((config) => config.stopSequences === undefined || config.stop === undefined, {
    message: 'give stopSequences or stop, not both',
  });
export type PromptConfig = z.infer<typeof promptConfigSchema>;

/** The YAML front matter of a `.prompt` file (Dotprompt), as users may write it. */
export const promptFrontMatterSchema = z
  .object({
    model: z
      .string()
      .regex(/^[A-Za-z0-9][\w.-]*:\S.*$/, "must be 'provider:model', such as 'openai:gpt-4o-mini'")
      .optional(),
    config: promptConfigSchema.optional(),
    input: z
      .object({
        schema: schemaSourceSchema.optional(),
        default: z.record(z.string(), z.unknown()).optional(),
      })
      .strict()
      .optional(),
    output: z
      .object({ format: z.enum(['json', 'text']).optional(), schema: schemaSourceSchema.optional() })
      .strict()
      .optional(),
    description: z.string().optional(),
    tags: z.array(z.string().min(1)).optional(),
    variant: z.string().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    /** Let variables start messages with Dotprompt's markers; by default their markers are plain text. */
    trustVariables: z.boolean().optional(),
  })
  .strict();
export type PromptFrontMatter = z.infer<typeof promptFrontMatterSchema>;

/** Messages and settings a prompt produced for one set of variables; no model was called. */
export interface RenderedPrompt {
  messages: Message[];
  /** `provider:model` named by the prompt, if any. */
  model?: string;
  /** The prompt's own settings; callers merge project defaults and overrides around them. */
  params: ModelParams;
  outputSchema?: Record<string, unknown>;
}

/** Options of one rendering. */
export interface RenderOptions {
  /** Earlier turns, placed where the template says `{{history}}` (else before the last user message). */
  history?: Message[];
}

/** A prompt version ready to render: what `plume run` and the eval engine use. */
export interface ResolvedPrompt {
  name: string;
  version: PromptVersion;
  /** The file it was read from, when it came from one. */
  filePath?: string;
  model?: string;
  params: ModelParams;
  description?: string;
  /** JSON Schema of the variables (Picoschema is expanded). */
  inputSchema?: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  render(variables: Record<string, unknown>, options?: RenderOptions): Promise<RenderedPrompt>;
}
