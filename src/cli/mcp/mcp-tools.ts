import { z } from 'zod';

/**
 * The tools the MCP server offers a coding agent. Each is one plume command run under --json, so
 * an agent reads exactly what `plume … --json` prints (one computation of every figure). What an
 * agent passes is taken as values, never as paths to read: prompts are library references,
 * variables go through a JSON file of plume's own, and a suite must be inside the project.
 */
export interface McpTool<Shape extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  input: Shape;
  /** Whether the tool calls models (and so spends). */
  spends: boolean;
  /** The command to run, from the tool's validated input; `varsFile` is where `vars` were written. */
  argv(input: z.infer<z.ZodObject<Shape>>, varsFile: string | undefined): string[];
}

// A library reference: name, name@label or name@hash — no file path (an agent may be misled into
// naming one outside the project).
const PROMPT_REF = /^[A-Za-z0-9][\w.-]*(?:@[\w.-]+)?$/;
const promptRef = z
  .string()
  .regex(PROMPT_REF, 'a library prompt: name, name@label or name@hash (no file path)')
  .describe('a library prompt: name, name@label or name@hash');
const runId = z.string().regex(/^[\w-]+$/, 'a run id as `list_runs` gives it');
const vars = z
  .record(z.string(), z.unknown())
  .optional()
  .describe('template variables, as values (strings, numbers, objects)');
const modelRef = z
  .string()
  .regex(/^[A-Za-z0-9][\w.-]*:\S+$/, "provider:model, such as 'openai:gpt-4o-mini'")
  .optional()
  .describe("provider:model to call; default the prompt's, else the project's");
const suite = z
  .string()
  .optional()
  .describe("the suite file, relative to the project's folder; default plume.suite.yaml");

function tool<Shape extends z.ZodRawShape>(definition: McpTool<Shape>): McpTool {
  return definition as unknown as McpTool;
}

export const MCP_TOOLS: readonly McpTool[] = [
  tool({
    name: 'list_prompts',
    title: 'List or search library prompts',
    description:
      "The project's prompts (name, description, labels, versions), or those matching a full-text query.",
    input: {
      query: z.string().min(1).optional().describe('words to search names, descriptions, bodies and tags'),
    },
    spends: false,
    argv: ({ query }) => (query === undefined ? ['lib', 'list'] : ['lib', 'search', ...query.split(/\s+/)]),
  }),
  tool({
    name: 'show_prompt',
    title: 'Show a prompt',
    description: "A library prompt's content, version, labels and settings.",
    input: { prompt: promptRef },
    spends: false,
    argv: ({ prompt }) => ['lib', 'show', prompt],
  }),
  tool({
    name: 'prompt_history',
    title: "A prompt's versions",
    description: "A prompt's recorded versions, newest first, with their labels.",
    input: { prompt: promptRef },
    spends: false,
    argv: ({ prompt }) => ['lib', 'history', prompt],
  }),
  tool({
    name: 'render_prompt',
    title: 'Render a prompt',
    description:
      'The messages a prompt produces for some variables, without calling a model: as Dotprompt renders them (messages) and as a model is sent them (sent).',
    input: { prompt: promptRef, vars },
    spends: false,
    argv: ({ prompt }, varsFile) => ['render', prompt, ...varsArgs(varsFile)],
  }),
  tool({
    name: 'run_prompt',
    title: 'Run a prompt',
    description: 'Render a prompt, call a model once, and return its answer with tokens, cost and latency.',
    input: {
      prompt: promptRef,
      vars,
      model: modelRef,
      maxTokens: z.number().int().positive().optional().describe('most tokens to generate'),
    },
    spends: true,
    argv: ({ prompt, model, maxTokens }, varsFile) => [
      'run',
      prompt,
      ...varsArgs(varsFile),
      '--no-stream',
      ...(model === undefined ? [] : ['--model', model]),
      ...(maxTokens === undefined ? [] : ['--max-tokens', String(maxTokens)]),
    ],
  }),
  tool({
    name: 'estimate_suite',
    title: 'Estimate a suite run',
    description: 'Cells, tokens and cost an evaluation would take, without calling a model (eval --dry-run).',
    input: { suite },
    spends: false,
    argv: ({ suite }) => ['eval', ...suiteArgs(suite), '--dry-run'],
  }),
  tool({
    name: 'run_suite',
    title: 'Run an evaluation suite',
    description:
      'Run a suite and return its report (pass rates with confidence intervals, comparisons). Refused ' +
      'before any call when it would make more model calls than maxCalls (cached answers cost none).',
    input: {
      suite,
      maxCalls: z
        .number()
        .int()
        .positive()
        .describe('most calls to the models under test it may make (graders come on top)'),
    },
    spends: true,
    argv: ({ suite }) => ['eval', ...suiteArgs(suite)],
  }),
  tool({
    name: 'list_runs',
    title: 'List evaluation runs',
    description: 'The stored runs, newest first, with their pass rates.',
    input: { limit: z.number().int().positive().max(500).optional().describe('most runs; default 20') },
    spends: false,
    argv: ({ limit }) => ['runs', 'list', ...(limit === undefined ? [] : ['--limit', String(limit)])],
  }),
  tool({
    name: 'show_run',
    title: 'Show a run',
    description: "A run's report: its table, verdicts, intervals and flaky tests.",
    input: { run: runId },
    spends: false,
    argv: ({ run }) => ['runs', 'show', run],
  }),
  tool({
    name: 'compare_runs',
    title: 'Compare two runs',
    description: 'Two runs compared column by column, paired on their shared tests (a regression report).',
    input: { before: runId, after: runId },
    spends: false,
    argv: ({ before, after }) => ['runs', 'compare', before, after],
  }),
];

function varsArgs(varsFile: string | undefined): string[] {
  return varsFile === undefined ? [] : ['--vars', varsFile];
}

function suiteArgs(suite: string | undefined): string[] {
  return suite === undefined ? [] : [suite];
}
