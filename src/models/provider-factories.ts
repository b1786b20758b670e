import type { Project } from '../library/project.ts';
import type { ProviderType } from '../spec/project-config.ts';
import { PlumeError } from '../util/errors.ts';
import { deferredModel } from './deferred-model.ts';
import type { LanguageModel } from './language-model.ts';
import type { ProviderKind } from './provider-kinds.ts';
import { LOCAL_CAPABILITIES } from './providers/local-capabilities.ts';
import { findLocalModel, loadLocalModel, localModelName } from './providers/local-runtime.ts';
import { missingHeader, missingKey, type ResolvedProvider } from './resolve-provider.ts';

/** What a factory needs besides the provider. */
export interface FactoryContext {
  project: Project;
  env: NodeJS.ProcessEnv;
  /** The local provider may download its default model once. */
  download: boolean;
}

/** A provider's model, and the model name its id carries (the local provider names the file it found). */
export interface BaseModel {
  model: LanguageModel;
  modelName: string;
}

type ModelFactory = (
  context: FactoryContext,
  provider: ResolvedProvider,
  modelName: string,
) => Promise<BaseModel>;

/**
 * A model of an AI SDK provider type. The SDK is loaded on the model's first call (see
 * deferredModel), so that listing providers, reading the cache or a run answered from it does
 * not pay for loading it.
 */
function sdkFactory(type: ProviderType): ModelFactory {
  return async (_context, provider, modelName) => {
    if (provider.apiKeyEnv !== undefined && provider.apiKey === undefined) throw missingKey(provider);
    const unset = provider.unsetHeaders[0];
    if (unset !== undefined) throw missingHeader(provider, unset.header, unset.env);
    const { SDK_PROVIDERS } = await import('./providers/sdk-providers.ts');
    const sdk = SDK_PROVIDERS[type];
    const id = `${provider.name}:${modelName}`;
    const capabilities = { streaming: true, seed: sdk.seed, local: false };
    const model = deferredModel({ id, provider: provider.name, modelName, capabilities }, async () => {
      const { createSdkModel } = await import('./providers/sdk-model.ts');
      const { httpFetch } = await import('./providers/http-fetch.ts');
      return createSdkModel({
        id,
        provider: provider.name,
        modelName,
        model: sdk.create(provider)(modelName),
        generateModel: sdk.create({ ...provider, fetch: httpFetch })(modelName),
        capabilities,
        providerOptions: sdk.providerOptions,
        errors: {
          modelId: id,
          providerName: provider.name,
          apiKeyEnv: provider.apiKeyEnv,
          secrets: provider.credentials.map((credential) => credential.value),
        },
      });
    });
    return { model, modelName };
  };
}

const localFactory: ModelFactory = async (context, _provider, modelName) => {
  const file = await findLocalModel(context.project, context.env, modelName, context.download);
  if (file === undefined) {
    throw new PlumeError({
      code: 'MODEL_UNAVAILABLE',
      message: `no local model file found for local:${modelName}`,
      hint: 'set PLUME_LOCAL_MODEL=/path/to/model.gguf, or local.model in plume.yaml, or allow the one-time download',
    });
  }
  // The file is found now, and loaded on the model's first call: a run answered wholly from the
  // cache never loads it (seconds, and as much memory as the file, for a large model).
  const name = localModelName(file.path);
  const identity = {
    id: `local:${name}`,
    provider: 'local',
    modelName: name,
    capabilities: LOCAL_CAPABILITIES,
  };
  const model = deferredModel(identity, () => loadLocalModel(file, context.project.config.local));
  return { model, modelName: name };
};

const echoFactory: ModelFactory = async (_context, _provider, modelName) => {
  const { createEchoModel } = await import('./providers/echo.ts');
  return { model: createEchoModel(modelName), modelName };
};

const simFactory: ModelFactory = async (_context, _provider, modelName) => {
  const { createSimModel } = await import('./providers/sim.ts');
  return { model: createSimModel(modelName), modelName };
};

/** How each kind of provider makes its models. */
export const MODEL_FACTORIES: Record<ProviderKind, ModelFactory> = {
  openai: sdkFactory('openai'),
  anthropic: sdkFactory('anthropic'),
  google: sdkFactory('google'),
  mistral: sdkFactory('mistral'),
  'openai-compatible': sdkFactory('openai-compatible'),
  ollama: sdkFactory('ollama'),
  local: localFactory,
  echo: echoFactory,
  sim: simFactory,
};
