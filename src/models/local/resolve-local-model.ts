import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { LocalConfig } from '../../spec/project-config.ts';
import { PlumeError } from '../../util/errors.ts';
import { DEFAULT_LOCAL_MODEL_FILE, type DownloadableModel } from './default-local-model.ts';
import { type DownloadProgress, fetchModel, type ModelFetchOptions } from './model-download.ts';
import { modelsDirectory } from './models-directory.ts';

/** Where the chosen file came from: plume.yaml, PLUME_LOCAL_MODEL, the models folder, or a download just made. */
export type LocalModelSource = 'config' | 'env' | 'cache' | 'download';

/** A GGUF file on this machine, ready for createLocalModel. */
export interface ResolvedLocalModel {
  path: string;
  source: LocalModelSource;
}

/** How far resolveLocalModel may go. */
export interface ResolveLocalModelOptions {
  /** Whether a file missing from the models folder may be downloaded (the default model, or a configured URI). */
  download: boolean;
  /** Download progress; downloadProgressBar(...).update draws a terminal bar. */
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
  /** Folder a relative plume.yaml `local.model` is resolved against: the project root. Default: the working directory. */
  baseDir?: string;
  /** The model used when none is configured; DEFAULT_LOCAL_MODEL_FILE unless a test says otherwise. */
  defaultModel?: DownloadableModel;
}

/**
 * The GGUF file the local provider runs, first found of: plume.yaml `local.model`, then
 * PLUME_LOCAL_MODEL (each a path, or a hub URI fetched once into the models folder), then the
 * default model already in the models folder (PLUME_MODELS_DIR, else ~/.cache/plume/models),
 * then — only when `download` is true — the default model downloaded now. Undefined when none is
 * configured, the default is not there and may not be downloaded. A configured path that does
 * not exist, or a download that fails, throws MODEL_UNAVAILABLE saying how to fix it.
 */
export async function resolveLocalModel(
  config: LocalConfig,
  env: NodeJS.ProcessEnv,
  options: ResolveLocalModelOptions,
): Promise<ResolvedLocalModel | undefined> {
  const fetchOptions: ModelFetchOptions = {
    directory: modelsDirectory(env),
    // PLUME_OFFLINE=1 forbids every download, whatever the caller allows.
    download: options.download && env.PLUME_OFFLINE !== '1',
    env,
    onProgress: options.onProgress,
    signal: options.signal,
  };
  const configured = config.model?.trim();
  if (configured) {
    const where = 'plume.yaml local.model';
    return {
      path: await locate(configured, where, options.baseDir ?? process.cwd(), fetchOptions),
      source: 'config',
    };
  }
  const fromEnv = env.PLUME_LOCAL_MODEL?.trim();
  if (fromEnv)
    return { path: await locate(fromEnv, 'PLUME_LOCAL_MODEL', process.cwd(), fetchOptions), source: 'env' };
  const fallback = options.defaultModel ?? DEFAULT_LOCAL_MODEL_FILE;
  const found = await fetchModel(fallback.uri, fallback.fileName, {
    ...fetchOptions,
    offlineHint: `To use the default model offline, copy ${fallback.fileName} (${fallback.description}; ${fallback.uri}) into ${fetchOptions.directory}.`,
  });
  if (found === undefined) return undefined;
  return { path: found.path, source: found.downloaded ? 'download' : 'cache' };
}

/** Whether a `local.model` value names a file to fetch rather than a path. */
export function isModelUri(value: string): boolean {
  return /^(hf|huggingface):/i.test(value) || /^https?:\/\//i.test(value);
}

async function locate(
  value: string,
  where: string,
  baseDir: string,
  fetchOptions: ModelFetchOptions,
): Promise<string> {
  if (isModelUri(value)) {
    const found = await fetchModel(value, urlFileName(value), fetchOptions);
    if (found !== undefined) return found.path;
    throw new PlumeError({
      code: 'MODEL_UNAVAILABLE',
      message: `${where} names ${value}, which is not downloaded yet into ${fetchOptions.directory}.`,
      hint: 'Run again with downloads allowed, or point it at a GGUF file on this machine.',
    });
  }
  const path = value.startsWith('~/') ? join(homedir(), value.slice(2)) : resolve(baseDir, value);
  const info = await stat(path).catch(() => undefined);
  if (info?.isFile()) return path;
  throw new PlumeError({
    code: 'MODEL_UNAVAILABLE',
    message: `${where} names ${path}, which ${info === undefined ? 'does not exist' : 'is not a file'}.`,
    hint: `Set ${where} to the path of a GGUF file, or remove it to use the default local model.`,
  });
}

// Plain URLs get a stable file name, so that a later run finds the copy without the network.
function urlFileName(value: string): string | undefined {
  if (!/^https?:\/\//i.test(value)) return undefined;
  const name = basename(new URL(value).pathname);
  return /^[\w.-]+\.gguf$/i.test(name) ? name : undefined;
}
