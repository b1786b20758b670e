import type { ProviderStatus } from '../../models/provider-status.ts';
import { createModelRegistry } from '../../models/registry.ts';
import { isPlumeError } from '../../util/errors.ts';
import { formatTable } from '../../util/format-table.ts';
import { type CliContext, contextProject, emit, type RegisterCommand } from '../context.ts';

/** `plume models`: every provider, whether it can be used, and the default model. */
export const registerModels: RegisterCommand = (program, context) => {
  program
    .command('models')
    .description('list the model providers, their keys and endpoints, and the default model')
    .action(() => listModels(context));
};

async function listModels(context: CliContext): Promise<void> {
  const project = contextProject(context);
  const registry = createModelRegistry(project, context.env);
  try {
    const providers = await registry.list();
    const { defaultModel, reason } = await tryDefaultModel(() => registry.defaultModelRef());
    emit(
      context,
      { providers, defaultModel: defaultModel ?? null, defaultModelProblem: reason ?? null },
      () =>
        [
          ...table(providers),
          '',
          defaultModel ? `default model: ${defaultModel}` : `default model: none (${reason})`,
        ].join('\n'),
    );
  } finally {
    await registry.close();
  }
}

async function tryDefaultModel(
  select: () => Promise<string>,
): Promise<{ defaultModel?: string; reason?: string }> {
  try {
    return { defaultModel: await select() };
  } catch (error) {
    if (!isPlumeError(error) || error.code !== 'MODEL_UNAVAILABLE') throw error;
    return { reason: error.hint ?? error.message };
  }
}

function table(providers: readonly ProviderStatus[]): string[] {
  const rows = providers.map((provider) => [
    provider.name,
    provider.kind ?? '?',
    provider.available ? 'ready' : provider.keySet === false ? 'no key' : 'unavailable',
    [
      provider.detail,
      provider.defaultModel && provider.defaultModel !== 'default' ? `default ${provider.defaultModel}` : '',
      provider.configured ? 'plume.yaml' : '',
    ]
      .filter(Boolean)
      .join(' · '),
  ]);
  return formatTable([['provider', 'type', 'status', 'detail'], ...rows]).split('\n');
}
