import type { Llama, LlamaContext, LlamaModel } from 'node-llama-cpp';
import { PlumeError } from '../../util/errors.ts';
import { llamaRuntime } from './llama-runtime.ts';
import { type Lease, RefCountedCache } from './ref-counted-cache.ts';
import { SequencePool } from './sequence-pool.ts';

/** Context size per sequence when none is configured, capped by what the model was trained on. */
export const DEFAULT_CONTEXT_SIZE = 4096;

/** Everything that decides how a local model is loaded, with defaults already applied. */
export interface LocalModelSettings {
  /** Absolute path of the GGUF file. */
  modelPath: string;
  threads: number;
  /** Tokens per sequence; undefined picks DEFAULT_CONTEXT_SIZE or the trained size if smaller. */
  contextSize: number | undefined;
  sequences: number;
  gpu: boolean;
}

/** A GGUF file loaded once, with one multi-sequence context whose sequences serve every request. */
export interface LoadedModel {
  readonly llama: Llama;
  readonly model: LlamaModel;
  readonly context: LlamaContext;
  readonly pool: SequencePool;
  /** Tokens one sequence holds: prompt and answer together. */
  readonly contextSize: number;
}

interface ContextEntry extends LoadedModel {
  modelLease: Lease<LlamaModel>;
}

// Weights are shared by path (and GPU choice); contexts by every setting. Both live while any
// LanguageModel built on them is open, and are freed when the last one closes.
const models = new RefCountedCache<LlamaModel>((model) => model.dispose());
const contexts = new RefCountedCache<ContextEntry>(async (entry) => {
  await entry.context.dispose();
  await entry.modelLease.release();
});

/** Share the loaded model and context for these settings, loading them on first use. */
export async function acquireLoadedModel(settings: LocalModelSettings): Promise<Lease<LoadedModel>> {
  return contexts.acquire(JSON.stringify(settings), () => createContextEntry(settings));
}

/** Loaded models and contexts currently held (for tests and diagnostics). */
export function loadedModelCount(): { models: number; contexts: number } {
  return { models: models.size, contexts: contexts.size };
}

async function createContextEntry(settings: LocalModelSettings): Promise<ContextEntry> {
  const llama = await llamaRuntime(settings.gpu);
  const modelLease = await models.acquire(`${settings.gpu}:${settings.modelPath}`, () =>
    loadModel(llama, settings.modelPath),
  );
  const model = modelLease.value;
  try {
    const context = await model.createContext({
      threads: settings.threads,
      sequences: settings.sequences,
      contextSize: settings.contextSize ?? Math.min(DEFAULT_CONTEXT_SIZE, model.trainContextSize),
    });
    return {
      llama,
      model,
      context,
      pool: new SequencePool(context),
      contextSize: context.contextSize,
      modelLease,
    };
  } catch (error) {
    await modelLease.release();
    throw new PlumeError({
      code: 'LOCAL_MODEL',
      message: `Could not create a context of ${settings.sequences} sequences × ${settings.contextSize ?? 'default'} tokens for the local model ${settings.modelPath}.`,
      hint: 'Lower local.contextSize or local.sequences in plume.yaml, or free some memory.',
      cause: error,
    });
  }
}

async function loadModel(llama: Llama, modelPath: string): Promise<LlamaModel> {
  try {
    return await llama.loadModel({ modelPath });
  } catch (error) {
    throw new PlumeError({
      code: 'LOCAL_MODEL',
      message: `Could not load the local model file ${modelPath}.`,
      hint: 'Check that it is a complete GGUF file of an architecture llama.cpp supports, or point local.model (plume.yaml) or PLUME_LOCAL_MODEL at another one.',
      cause: error,
    });
  }
}
