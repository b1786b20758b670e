import { z } from 'zod';
import { type AssertionEntry, assertionEntrySchema } from './assertion.ts';
import { closestKey } from './closest-key.ts';
import type { ModelConnection, ModelParams, ServiceModelRef } from './model.ts';
import { providerConfigSchema } from './provider-config.ts';

/** One entry of an `assert:` list (promptfoo style: type, value, threshold, weight, metric; or an assert-set). */
export const suiteAssertionSchema = assertionEntrySchema;
export type SuiteAssertion = AssertionEntry;

/** z.strictObject whose unknown keys are reported with the closest known key. */
export function strictObject<T extends z.ZodRawShape>(shape: T) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? unknownKeysMessage(issue.keys, known) : undefined,
  });
}

function unknownKeysMessage(keys: readonly string[], known: readonly string[]): string {
  return keys
    .map((key) => {
      const close = closestKey(key, known);
      return close ? `unknown key '${key}' (did you mean '${close}'?)` : `unknown key '${key}'`;
    })
    .join('; ');
}

export { closestKey } from './closest-key.ts';

const MODEL_REF = /^[A-Za-z0-9][\w.-]*:\S.*$/;
/** A `provider:model` reference, as suites and plume.yaml write one. */
export const modelRefSchema = z
  .string()
  .regex(MODEL_REF, "must be 'provider:model', such as 'openai:gpt-4o-mini'");

const providerOptionsShape = {
  label: z.string().min(1).optional().describe('the name reports show; defaults to id'),
  config: providerConfigSchema
    .optional()
    .describe("temperature, maxTokens, seed, ... (promptfoo's max_tokens, top_p, apiBaseUrl, apiKey too)"),
  prompts: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe('labels of the prompts this model runs (`group:*` too); by default all'),
  // promptfoo's, read and ignored with a warning: plume has no per-provider delay, transform or env.
  delay: z.number().optional(),
  transform: z.string().optional(),
  env: z.record(z.string(), z.unknown()).optional(),
};

// The key of promptfoo's map form `{ 'openai:gpt-4o-mini': { config: ... } }`: a provider id, never an option's name.
const MAP_FORM_KEY = /^(?!(?:id|label|config|prompts|delay|transform|env)$)\S+$/;

/**
 * A model as a suite names it: `provider:model` (or one of promptfoo's provider ids, see
 * models/promptfoo-provider-id.ts), `{ id, label, config, prompts }` as promptfoo's providers, or
 * promptfoo's map form `{ 'provider:model': { label, config, prompts } }`.
 */
export const suiteModelSchema = z.union([
  z.string().min(1),
  strictObject({ id: z.string().min(1), ...providerOptionsShape }),
  z.record(z.string().regex(MAP_FORM_KEY), strictObject(providerOptionsShape)),
]);

/** A prompt: a library name (`name`, `name@label`, `name@hash`), `file://path` (globs too), or inline text. */
export const suitePromptSchema = z.union([
  z.string().min(1),
  strictObject({
    id: z.string().min(1).optional().describe('name, name@label, name@hash, or file://path'),
    raw: z.string().min(1).optional().describe('the prompt text itself'),
    label: z.string().min(1).optional().describe('the name reports show'),
  }),
]);

const codeSchema = z.string().trim().min(1, 'write JavaScript, or file://path.js');

/** promptfoo's graders by kind: `text` grades model-graded checks; the others are named for checks plume grades otherwise. */
const graderMapSchema = strictObject({
  text: suiteModelSchema.optional(),
  embedding: suiteModelSchema.optional(),
  classification: suiteModelSchema.optional(),
  moderation: suiteModelSchema.optional(),
});

const testOptionsSchema = strictObject({
  provider: z
    .union([suiteModelSchema, graderMapSchema])
    .optional()
    .describe("the model that grades model-graded assertions (or promptfoo's { text, embedding })"),
  factuality: strictObject({
    subset: z.number().min(0).max(1).optional(),
    superset: z.number().min(0).max(1).optional(),
    agree: z.number().min(0).max(1).optional(),
    disagree: z.number().min(0).max(1).optional(),
    differButFactual: z.number().min(0).max(1).optional(),
  })
    .optional()
    .describe("scores of factuality's categories (promptfoo's options.factuality)"),
  rubricPrompt: z
    .union([z.string(), z.array(z.string()), z.array(z.object({ role: z.string(), content: z.string() }))])
    .optional(),
  transform: codeSchema
    .optional()
    .describe('JavaScript over `output` and `context`: the output the checks see'),
  postprocess: codeSchema.optional().describe("promptfoo's old name for transform"),
  transformVars: codeSchema
    .optional()
    .describe(
      'JavaScript over `vars` and `context` returning vars to add or replace, before the prompt is rendered',
    ),
  storeOutputAs: z
    .string()
    .regex(/^[A-Za-z_]\w*$/, 'a variable name: letters, digits and _')
    .optional()
    .describe("the variable later tests see this test's output as"),
  prefix: z.string().optional().describe("text put before the prompt's first message"),
  suffix: z.string().optional().describe("text put after the prompt's last message"),
  disableVarExpansion: z.boolean().optional().describe('keep array vars whole instead of one test per value'),
  disableConversationVar: z.boolean().optional(),
  runSerially: z.boolean().optional(),
});
/** Test options as written. */
export type TestOptionsInput = z.infer<typeof testOptionsSchema>;

const testShape = {
  vars: z
    .union([z.record(z.string(), z.unknown()), z.string().min(1), z.array(z.string().min(1)).min(1)])
    .optional()
    .describe(
      "template variables; file://path values read a file. A path, a glob or a list of them (promptfoo's vars files): the variables those YAML or JSON files hold",
    ),
  assert: z.array(suiteAssertionSchema).optional(),
  options: testOptionsSchema.optional(),
  threshold: z.number().optional().describe('least weighted score of the assertions for the test to pass'),
  metadata: z.record(z.string(), z.unknown()).optional(),
};

/** One test case as written inline, in a JSONL line or in a JSON/YAML test file. */
export const testCaseSchema = strictObject({ description: z.string().optional(), ...testShape });
export type TestCase = z.infer<typeof testCaseSchema>;

const modelListSchema = z.union([suiteModelSchema, z.array(suiteModelSchema)]);
const testFileRefSchema = z
  .string()
  .regex(/^file:\/\//, "a test file is written 'file://path' (globs allowed)");

/** promptfoo's scenarios: each `config` entry (vars, assertions, options) crossed with each of its tests. */
const scenarioSchema = strictObject({
  description: z.string().optional(),
  config: z.array(strictObject({ description: z.string().optional(), ...testShape })).min(1),
  tests: z.array(testCaseSchema).optional(),
});

/** promptfoo's evaluateOptions: the ones plume honours map onto its own keys (see normalizeSuite). */
const evaluateOptionsSchema = strictObject({
  maxConcurrency: z.number().int().min(1).optional().describe('concurrency'),
  repeat: z.number().int().min(1).max(100_000).optional().describe('repeats'),
  delay: z
    .number()
    .min(0)
    .optional()
    .describe('milliseconds to wait after each call not answered from the cache'),
  cache: z.boolean().optional().describe('false: neither read nor write the response cache'),
  showProgressBar: z.boolean().optional(),
  generateSuggestions: z.boolean().optional(),
  eventSource: z.string().optional(),
  interactiveProviders: z.boolean().optional(),
  timeoutMs: z.number().min(0).optional(),
  maxEvalTimeMs: z.number().min(0).optional(),
});

/** promptfoo keys plume reads without running: each gets a warning that says what is not done. */
const unusedPromptfooKeys = {
  sharing: z.union([z.boolean(), z.record(z.string(), z.unknown())]).optional(),
  writeLatestResults: z.boolean().optional(),
  nunjucksFilters: z.record(z.string(), z.string()).optional(),
  env: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  commandLineOptions: z.record(z.string(), z.unknown()).optional(),
  tracing: z.record(z.string(), z.unknown()).optional(),
  redteam: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('promptfoo red-team settings; not run by plume yet'),
};
/** The promptfoo keys a suite may carry that plume does not act on. */
export const UNUSED_PROMPTFOO_KEYS = Object.keys(unusedPromptfooKeys) as (keyof typeof unusedPromptfooKeys)[];

/** A defaultTest as written: the test fields, or promptfoo's `file://path` of a YAML or JSON file holding them. */
export const defaultTestSchema = strictObject(testShape);

/** The suite file (YAML, JSON, or the default export of a TypeScript config). */
export const suiteFileSchema = strictObject({
  description: z.string().optional(),
  prompts: z.union([
    z.string().min(1),
    z.array(suitePromptSchema).min(1),
    z
      .record(z.string().min(1), z.string().min(1))
      .refine((map) => Object.keys(map).length > 0, { message: 'name one prompt at least' })
      .describe("promptfoo's map of prompt (a file://path or text) to its label"),
  ]),
  providers: modelListSchema.optional().describe("the models to run (promptfoo's name for models)"),
  models: modelListSchema.optional().describe('the models to run: provider:model or { id, config, label }'),
  targets: modelListSchema.optional().describe("promptfoo's other name for providers"),
  defaultTest: z
    .union([
      z.string().regex(/^file:\/\//, "a defaultTest written as text is 'file://path' (a YAML or JSON file)"),
      defaultTestSchema,
    ])
    .optional()
    .describe('vars, assertions and options every test starts from'),
  scenarios: z
    .array(z.union([z.string(), scenarioSchema]))
    .optional()
    .describe('groups of tests run under each of several configs (vars, assertions, options)'),
  tests: z
    .union([testFileRefSchema, z.array(z.union([testFileRefSchema, testCaseSchema]))])
    .optional()
    .describe('inline tests and file://paths (globs allowed) of .csv, .jsonl, .json or .yaml files'),
  repeats: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .optional()
    .describe('times each (prompt, model, test) cell runs'),
  seed: z.number().int().optional(),
  allowCode: z
    .boolean()
    .optional()
    .describe(
      "true: code from test data runs too; false: no code runs; unset: only the suite file's own code runs",
    ),
  concurrency: z.number().int().min(1).optional().describe('most calls in flight at once'),
  metadata: z.record(z.string(), z.unknown()).optional(),
  evaluateOptions: evaluateOptionsSchema.optional(),
  outputPath: z
    .union([z.string().min(1), z.array(z.string().min(1))])
    .optional()
    .describe('files the run is also written to, as plume eval -o writes them'),
  extensions: z
    .array(z.string())
    .nullable()
    .optional()
    .describe(
      'promptfoo hooks (file://hooks.js:fn, file://hooks.py:fn): plume runs beforeAll and beforeEach',
    ),
  assertionTemplates: z
    .record(z.string(), z.unknown())
    .optional()
    .describe(
      "promptfoo's reusable checks, used in a test's assert as { $ref: '#/assertionTemplates/name' }",
    ),
  derivedMetrics: z
    .array(
      strictObject({
        name: z.string().min(1),
        value: z.string().min(1).describe('an expression over the named metrics, such as (a + b) / 2'),
      }),
    )
    .optional(),
  ...unusedPromptfooKeys,
});
export type SuiteFile = z.infer<typeof suiteFileSchema>;
/** What a TypeScript suite config default-exports. */
export type SuiteFileInput = z.input<typeof suiteFileSchema>;

/** Which version of a library prompt a suite asks for. */
export type VersionSelector = { kind: 'label'; label: string } | { kind: 'hash'; hash: string };

/** A prompt of a suite; library references are resolved by the runner. */
export type SuitePrompt =
  | { kind: 'library'; ref: string; name: string; selector: VersionSelector | undefined; label: string }
  | { kind: 'file'; path: string; label: string }
  | {
      kind: 'inline';
      text: string;
      label: string;
      /**
       * 'nunjucks' for a promptfoo-format prompt, 'javascript' for a prompt function (the text is
       * its file's code); absent for a plume (Handlebars, Dotprompt) one.
       */
      syntax?: 'nunjucks' | 'javascript';
      /** The export a prompt function calls (`file://prompt.js:name`). */
      functionName?: string;
      /** Where the text is written when it was read from a prompt file (a section of a .txt, a line of a .jsonl). */
      origin?: { file: string; line: number };
    };

/** A model of a suite: `provider:model`, its parameters and the name reports show. */
export interface SuiteModel {
  ref: string;
  provider: string;
  model: string;
  params: ModelParams;
  label: string;
  /** The entry's own endpoint and key (promptfoo's apiBaseUrl, apiKey); its key and header values are no part of the suite's hash. */
  connection?: ModelConnection;
  /** Indices of the suite's prompts this model runs (promptfoo's provider `prompts`); undefined: all. */
  promptIndices?: number[];
  /**
   * The function or tool declarations of its config (promptfoo's `tools`, `functions`): not sent
   * to the model, but what the tool-call checks (is-valid-openai-tools-call, ...) validate against.
   */
  tools?: unknown[];
}

/** One of a suite's promptfoo extensions: a JavaScript or Python file's function, read when the suite loads. */
export interface SuiteExtension {
  /** As the suite writes it, for messages. */
  written: string;
  language: 'javascript' | 'python';
  file: string;
  code: string;
  function: string | undefined;
  /**
   * The one hook a function named after it serves (`file://hooks.js:beforeEach`), called with the
   * context alone; undefined: every hook, called as `fn(hookName, context)`.
   */
  only: 'beforeAll' | 'beforeEach' | 'afterEach' | 'afterAll' | undefined;
}

/** Test options, normalized. */
export interface TestOptions {
  provider?: SuiteModel;
  /**
   * The embedding model of checks that name none (`options.provider.embedding`, or an embedding
   * ref), with its own endpoint when its entry gives one.
   */
  embeddingProvider?: ServiceModelRef;
  /** Scores of factuality's categories for checks that set none (promptfoo's `options.factuality`). */
  factuality?: Readonly<Record<string, number>>;
  rubricPrompt?: string;
  /** JavaScript the output goes through before the checks (promptfoo's transform, or postprocess). */
  transform?: string;
  /** JavaScript returning vars to merge in before rendering. */
  transformVars?: string;
  /** The variable the later tests see this test's output as. */
  storeOutputAs?: string;
  prefix?: string;
  suffix?: string;
  disableVarExpansion?: boolean;
}

/**
 * Whose JavaScript may run: none; the suite file's own (its checks, transforms and hooks), as
 * promptfoo trusts the config a user runs; or also code arriving in test data (`allowCode: true`).
 */
export type CodePolicy = 'none' | 'suite' | 'all';

/** One test as written, before defaultTest is merged in, with where it was written. */
export interface TestDefinition {
  description: string | undefined;
  vars: Record<string, unknown>;
  assert: SuiteAssertion[];
  options: TestOptions;
  threshold: number | undefined;
  metadata: Record<string, unknown>;
  file: string;
  line: number | undefined;
  /**
   * Files whose mappings give the test's vars (promptfoo's `vars: path.yaml`, a glob or a list),
   * relative to `file`'s folder; `vars` are set over them.
   */
  varsFiles?: string[];
  /** 'data' for a test read from a tests file (CSV, JSONL, JSON, YAML): its own code is data's. */
  origin?: 'data';
}

/** A test ready to run: defaultTest merged in, file vars read, and an id that survives reordering. */
export interface SuiteTest extends TestDefinition {
  id: string;
  /** The index in `assert` of the first check written in test data (after defaultTest's); undefined: none is. */
  dataChecksFrom?: number;
  /** true when the test's own options code (transform, transformVars) was written in test data. */
  dataOptionCode?: true;
}

/** Where tests come from, in order: small sources are held, CSV and JSONL files are streamed. */
export type TestSource =
  | { kind: 'loaded'; tests: TestDefinition[] }
  | { kind: 'stream'; format: 'csv' | 'jsonl'; file: string; count: number; hash: string };

/** The defaults every test starts from. */
export type DefaultTest = Omit<TestDefinition, 'description'>;

/** A suite loaded, normalized and checked: what a runner plans from. Tests are read with iterateTests. */
export interface Suite {
  file: string;
  description: string | undefined;
  prompts: SuitePrompt[];
  /** Empty when the suite names none: the project's default model is used. */
  models: SuiteModel[];
  defaultTest: DefaultTest;
  sources: TestSource[];
  testCount: number;
  /** Base ids of tests written more than once; their later copies get `id-2`, `id-3`, ... */
  duplicateIds: string[];
  repeats: number;
  seed: number | undefined;
  /** Whose code may run (allowCode, or `--no-code`). */
  codePolicy: CodePolicy;
  /** Whether a test stores its output for later ones (storeOutputAs): the run goes one cell at a time. */
  storesOutputs: boolean;
  /** Milliseconds to wait after each call not answered from the cache (evaluateOptions.delay). */
  delayMs: number | undefined;
  /** false: the suite turns the response cache off (evaluateOptions.cache). */
  cache: boolean | undefined;
  /** Files the run is also written to (outputPath), absolute. */
  outputPaths: string[];
  /** Metrics computed from the named metrics' scores (derivedMetrics). */
  derivedMetrics: { name: string; value: string }[];
  /** promptfoo extensions whose beforeEach hook runs before each test (its beforeAll ran at load). */
  beforeEach?: SuiteExtension[];
  concurrency: number | undefined;
  metadata: Record<string, unknown>;
  /** Hash over the normalized tests, in order. */
  dataHash: string;
  /** Hash over everything that shapes results: prompts, models, tests, repeats, seed. */
  suiteHash: string;
  /** `file:line: message` lines worth showing before a run. */
  warnings: string[];
  /** The folders (real paths) the suite's files may be read from: its project's, and allowRead's. */
  readRoots: string[];
  /**
   * Where the suite wrote each prompt and model (by index), for a reference found bad only when a
   * run resolves it (an unknown prompt or provider). No part of the suite's hash.
   */
  locator?: SuiteLocator;
}

/** Where a suite wrote its prompts and models: `file` and `line`, worked out only when asked. */
export interface SuiteLocator {
  prompt(index: number): { file: string; line?: number } | undefined;
  model(index: number): { file: string; line?: number } | undefined;
}
