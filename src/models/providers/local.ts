import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, resolve } from 'node:path';
import type { ChatWrapper } from 'node-llama-cpp';
import type { GenerateRequest, ProviderResult } from '../../spec/model.ts';
import { PlumeError } from '../../util/errors.ts';
import type { CallOptions, LanguageModel, ProviderStreamEvent } from '../language-model.ts';
import { JsonSchemaGrammars } from '../local/json-schema-grammar.ts';
import { acquireLoadedModel, type LocalModelSettings } from '../local/loaded-model.ts';
import { type LocalGenerationTarget, localGeneration } from '../local/local-generation.ts';
import { selectPromptFormat } from '../local/select-prompt-format.ts';
import { textStream } from '../local/text-stream.ts';
import { LOCAL_CAPABILITIES } from './local-capabilities.ts';

/** Parallel sequences per context when none is configured. */
export const DEFAULT_SEQUENCES = 4;

/** How to run a GGUF file in this process; unset fields take the defaults documented on each. */
export interface LocalModelOptions {
  /** Path of a GGUF file (see resolveLocalModel for hub URIs). */
  modelPath: string;
  /**
   * CPU threads for evaluation; default one less than os.availableParallelism() (at least 1).
   * llama.cpp's threads spin while they wait for each other, so taking every core makes generation
   * crawl as soon as anything else runs (measured 65x slower with 2 threads on 2 busy cores).
   */
  threads?: number;
  /** Tokens per sequence (prompt and answer); default 4096, or the model's trained size if smaller. */
  contextSize?: number;
  /** Requests evaluated together in one batch; default 4. More wait for a free sequence. */
  sequences?: number;
  /** Offload to a GPU when one is usable; default false (CPU only). */
  gpu?: boolean;
  /** Force this chat wrapper instead of the one the GGUF metadata implies (tests, odd templates). */
  chatWrapper?: ChatWrapper;
}

/**
 * A GGUF model run in-process with node-llama-cpp. Every LanguageModel created for the same
 * file and settings shares one loaded model and one context of `sequences` sequences:
 * concurrent calls each take a free sequence, cleared before reuse, and are batched together;
 * `close()` frees the model when the last of them closes (close it once its calls are done).
 * Messages go through the model's chat template, or are joined as plain text when it has none
 * (see renderCompletionPrompt). Unset temperature means 0: greedy and deterministic. A batched
 * answer at temperature 0 equals the one-at-a-time answer except, rarely, at a near-tie between
 * two tokens: llama.cpp's batched kernels round differently from its single-token ones.
 */
export async function createLocalModel(options: LocalModelOptions): Promise<LanguageModel> {
  const settings = localModelSettings(options);
  await assertModelFile(settings.modelPath);
  const lease = await acquireLoadedModel(settings);
  const modelName = basename(settings.modelPath).replace(/\.gguf$/i, '');
  const target: LocalGenerationTarget = {
    id: `local:${modelName}`,
    loaded: lease.value,
    format: selectPromptFormat(lease.value.model, options.chatWrapper),
    grammars: new JsonSchemaGrammars(lease.value.llama),
  };
  let closed = false;
  const ensureOpen = () => {
    if (!closed) return;
    throw new PlumeError({
      code: 'INTERNAL',
      message: `The local model ${target.id} was used after close().`,
      hint: 'Create it again with createLocalModel.',
    });
  };
  return {
    id: target.id,
    provider: 'local',
    modelName,
    capabilities: LOCAL_CAPABILITIES,
    async generate(request: GenerateRequest, call?: CallOptions): Promise<ProviderResult> {
      ensureOpen();
      return localGeneration(target, request, { signal: call?.signal });
    },
    async *stream(request: GenerateRequest, call?: CallOptions): AsyncIterable<ProviderStreamEvent> {
      ensureOpen();
      yield* textStream(
        (onTextChunk, signal) => localGeneration(target, request, { signal, onTextChunk }),
        call?.signal,
      );
    },
    async close(): Promise<void> {
      closed = true;
      await lease.release();
    },
  };
}

function localModelSettings(options: LocalModelOptions): LocalModelSettings {
  return {
    modelPath: resolve(options.modelPath),
    threads: options.threads ?? Math.max(1, availableParallelism() - 1),
    contextSize: options.contextSize,
    sequences: options.sequences ?? DEFAULT_SEQUENCES,
    gpu: options.gpu ?? false,
  };
}

async function assertModelFile(modelPath: string): Promise<void> {
  const info = await stat(modelPath).catch(() => undefined);
  if (info?.isFile()) return;
  throw new PlumeError({
    code: 'MODEL_UNAVAILABLE',
    message: `No local model file at ${modelPath}${info === undefined ? '' : ' (it is a folder)'}.`,
    hint: 'Point local.model in plume.yaml or PLUME_LOCAL_MODEL at an existing GGUF file.',
  });
}
