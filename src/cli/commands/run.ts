import { Library } from '../../library/library.ts';
import { createModelRegistry } from '../../models/registry.ts';
import type { GenerateResult, ModelParams } from '../../spec/model.ts';
import { type CliContext, contextProject, emit, note, type RegisterCommand } from '../context.ts';
import { defaultModelOrStandIn } from '../default-model-or-stand-in.ts';
import { parseInteger, parseNonNegativeNumber, parsePositiveInteger } from '../options.ts';
import { notePromptWarnings } from '../prompt-warnings.ts';
import { readVariables, type VariableOptions, withVariableOptions } from '../variables.ts';

interface RunOptions extends VariableOptions {
  model?: string;
  temperature?: number;
  maxTokens?: number;
  seed?: number;
  cache: boolean;
  refresh?: boolean;
  stream: boolean;
}

/** `plume run`: render a prompt, call a model, stream the answer, then tokens, cost and latency. */
export const registerRun: RegisterCommand = (program, context) => {
  withVariableOptions(program.command('run'))
    .description('render a prompt, call a model and stream its answer')
    .argument('<prompt>', 'a prompt name, name@label, name@hash, or a prompt file')
    .option('-m, --model <ref>', "provider:model to call (default: the prompt's, else the project's)")
    .option('-t, --temperature <number>', 'sampling temperature', parseNonNegativeNumber)
    .option('--max-tokens <number>', 'most tokens to generate', parsePositiveInteger)
    .option('--seed <number>', 'sampling seed, for providers that honour one', parseInteger)
    .option('--no-cache', 'neither read nor write the response cache')
    .option('--refresh', 'call the model even when a cached answer exists, and store the new one')
    .option('--no-stream', 'print the answer once it is complete')
    .action((prompt: string, options: RunOptions) => runPrompt(context, prompt, options));
};

async function runPrompt(context: CliContext, ref: string, options: RunOptions): Promise<void> {
  const project = contextProject(context);
  const library = Library.open(project, { cwd: context.cwd, env: context.env });
  // The default local model may be downloaded once (PLUME_OFFLINE=1 forbids it).
  const registry = createModelRegistry(project, context.env, { download: true });
  try {
    const resolved = await library.resolve(ref);
    notePromptWarnings(context, resolved);
    const variables = readVariables(context.cwd, options.var, options.vars, resolved.inputSchema);
    resolved.checkVariables(variables);
    const rendered = await resolved.render(variables);
    const modelRef =
      options.model ?? rendered.model ?? (await defaultModelOrStandIn(context, registry, 'echo'));
    const params: ModelParams = {
      ...project.config.defaults,
      ...rendered.params,
      ...definedOnly({ temperature: options.temperature, maxTokens: options.maxTokens, seed: options.seed }),
    };
    const model = await registry.get(modelRef);
    const request = { messages: rendered.messages, params, outputSchema: rendered.outputSchema };
    const cache = !options.cache ? 'off' : options.refresh ? 'bypass' : 'use';
    let result: GenerateResult | undefined;
    if (options.stream && !context.json) {
      for await (const event of model.stream(request, { cache })) {
        if (event.type === 'text') context.stdout.write(event.text);
        else result = event.result;
      }
      context.stdout.write('\n');
    } else {
      result = await model.generate(request, { cache });
    }
    if (!result) throw new Error('the model stream ended without a result');
    const finished = result;
    emit(
      context,
      { prompt: resolved.name, version: resolved.version.hash, model: model.id, params, ...finished },
      () => (options.stream ? '' : finished.text),
    );
    note(context, summarize(resolved.name, resolved.version.hash, finished));
  } finally {
    library.close();
    await registry.close();
  }
}

function summarize(name: string, hash: string, result: GenerateResult): string {
  const cost = result.costUsd === undefined ? 'cost unknown' : `$${result.costUsd.toFixed(6)}`;
  const cached = result.cached ? ' · cached' : '';
  return `── ${name}@${hash.slice(0, 8)} · ${result.modelId} · ${result.usage.inputTokens} in / ${result.usage.outputTokens} out · ${cost} · ${Math.round(result.latencyMs)} ms${cached}`;
}

function definedOnly<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
