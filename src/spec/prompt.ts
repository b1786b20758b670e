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
 * `config:` of a prompt file: any keys, as Dotprompt allows (a provider's own settings). The ones
 * plume sends (ModelParams; Dotprompt's maxOutputTokens and stopSequences are mapped) are checked
 * when the prompt is read; the others are kept, shown, and warned about.
 */
export const promptConfigSchema = z.record(z.string(), z.unknown());
export type PromptConfig = z.infer<typeof promptConfigSchema>;

/**
 * The YAML front matter of a `.prompt` file (Dotprompt), as users may write it. Open, as the
 * Dotprompt specification's is: keys plume does not use (`tools`, `ns.key` extensions, custom
 * keys) are kept and shown; the document's warnings say which plume ignores.
 */
export const promptFrontMatterSchema = z
  .object({
    /** `provider:model` for plume; other ids (Genkit's `googleai/...`) are kept, with a warning. */
    model: z.string().optional(),
    config: promptConfigSchema.optional(),
    input: z
      .object({
        schema: schemaSourceSchema.optional(),
        default: z.record(z.string(), z.unknown()).optional(),
      })
      .loose()
      .optional(),
    output: z
      .object({ format: z.string().optional(), schema: schemaSourceSchema.optional() })
      .loose()
      .optional(),
    name: z.string().optional(),
    /** Dotprompt's own; YAML reads `version: 2` as a number, which is kept as written. */
    version: z.union([z.string(), z.number()]).optional(),
    description: z.string().optional(),
    tools: z.array(z.string()).optional(),
    tags: z.array(z.string().min(1)).optional(),
    variant: z.string().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    /** Let variables start messages with Dotprompt's markers; by default their markers are plain text. */
    trustVariables: z.boolean().optional(),
  })
  .loose();
export type PromptFrontMatter = z.infer<typeof promptFrontMatterSchema>;

/** Something in a prompt file plume reads but cannot use as written; the prompt still renders. */
export interface PromptWarning {
  message: string;
  file: string;
  line?: number;
  hint?: string;
}

/** A part of a rendered message, as Dotprompt renders it. */
export type PromptPart =
  | { text: string; metadata?: Record<string, unknown> }
  | { media: { url: string; contentType?: string }; metadata?: Record<string, unknown> }
  /** A pending part: `{{section "name"}}` marks where content for `name` goes. */
  | { metadata: Record<string, unknown> };

/** A rendered message, as Dotprompt renders it: its roles (`model`, `tool`) and parts. */
export interface PromptMessage {
  role: 'system' | 'user' | 'model' | 'tool';
  content: PromptPart[];
  /** `{ purpose: 'history' }` on the earlier turns `{{history}}` placed. */
  metadata?: Record<string, unknown>;
}

/** What a Dotprompt template is rendered with. */
export interface PromptData {
  /** The variables (`{{name}}`). */
  input?: Record<string, unknown>;
  /** Context variables, read as `{{@key}}` (`{{@state.count}}`, `{{@auth.email}}`). */
  context?: Record<string, unknown>;
  /** Earlier turns of the conversation, placed at `{{history}}` (else before the last user message). */
  messages?: PromptMessage[];
}

/** A prompt rendered as the Dotprompt specification says: its metadata and messages. */
export interface DotpromptRendering {
  messages: PromptMessage[];
  model?: string;
  config: Record<string, unknown>;
  /** Namespaced keys (`ns.key: value`), grouped by namespace. */
  ext: Record<string, Record<string, unknown>>;
  metadata: Record<string, unknown>;
  /** The front matter as written. */
  raw?: Record<string, unknown>;
  /** `input:` with its schema expanded to JSON Schema. */
  input?: Record<string, unknown>;
  /** `output:` with its schema expanded to JSON Schema. */
  output?: Record<string, unknown>;
  [key: string]: unknown;
}

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
  /** Context variables, read as `{{@key}}`. */
  context?: Record<string, unknown>;
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
  /**
   * Check variables (defaults applied) against the input schema: missing ones (VARIABLE_MISSING),
   * wrong types, enums and nested fields (VARIABLE_INVALID, at the schema field's line). Absent
   * for prompts without a schema language (promptfoo-format, prompt functions).
   */
  checkVariables?(variables: Record<string, unknown>): void;
  /**
   * The text messages sent to a model: the Dotprompt messages with each one's text joined and
   * trimmed. A prompt yielding media or a `tool` message is refused here, at its file.
   */
  render(variables: Record<string, unknown>, options?: RenderOptions): Promise<RenderedPrompt>;
}

/** A Dotprompt file ready to render: what the library resolves. */
export interface DotpromptPrompt extends ResolvedPrompt {
  /** What plume reads in the file but cannot use (a model id without provider, tools, ...). */
  warnings: PromptWarning[];
  checkVariables(variables: Record<string, unknown>): void;
  /** The prompt rendered exactly as the Dotprompt specification says; `overrides` merge over the front matter. */
  renderDotprompt(data: PromptData, overrides?: Record<string, unknown>): Promise<DotpromptRendering>;
}

const partMetadataSchema = z.record(z.string(), z.unknown());

/** A message part as a history file writes it: Dotprompt's text, media or pending part. */
const promptPartSchema = z.union([
  z.object({ text: z.string(), metadata: partMetadataSchema.optional() }).strict(),
  z
    .object({
      media: z.object({ url: z.string(), contentType: z.string().optional() }).strict(),
      metadata: partMetadataSchema.optional(),
    })
    .strict(),
  z.object({ metadata: partMetadataSchema }).strict(),
]);

/**
 * Earlier turns of a conversation, as `plume render --history FILE` reads them: Dotprompt's
 * messages, whose content may also be written as one string; `assistant` is read as `model`.
 */
export const historyFileSchema = z.array(
  z
    .object({
      role: z.enum(['system', 'user', 'model', 'assistant', 'tool']),
      content: z.union([z.string(), z.array(promptPartSchema)]),
      metadata: partMetadataSchema.optional(),
    })
    .strict(),
);
export type HistoryFile = z.infer<typeof historyFileSchema>;
