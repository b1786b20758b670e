import { basename } from 'node:path';
import type { Project } from '../../library/project.ts';
import type { LocalConfig } from '../../spec/project-config.ts';
import { PlumeError } from '../../util/errors.ts';
import type { LanguageModel } from '../language-model.ts';

/** A GGUF file found for the local provider, and where its path came from (env, plume.yaml, download). */
export interface LocalModelFile {
  path: string;
  source: string;
}

/** The model name of the local provider that means "whatever plume.yaml and the environment select". */
export const DEFAULT_LOCAL_MODEL = 'default';

// Imported on first use only, so commands that never touch the local model never load node-llama-cpp.
async function importResolver() {
  return (await import('../local/resolve-local-model.ts')).resolveLocalModel;
}

async function importProgressBar() {
  const [{ downloadProgressBar }, { DEFAULT_LOCAL_MODEL_FILE }] = await Promise.all([
    import('../local/download-progress-bar.ts'),
    import('../local/default-local-model.ts'),
  ]);
  return downloadProgressBar(`downloading ${DEFAULT_LOCAL_MODEL_FILE.fileName}`);
}

async function importFactory() {
  return (await import('./local.ts')).createLocalModel;
}

/**
 * The file behind `local:<name>`. `default` (or the selected file's own name, as `local:<basename>`
 * ids carry) is what plume.yaml `local.model` or PLUME_LOCAL_MODEL select; a path (relative to the
 * project root), `hf:` or https URI names a file directly. Undefined when nothing is found.
 */
export async function findLocalModel(
  project: Project,
  env: NodeJS.ProcessEnv,
  name: string,
  download: boolean,
): Promise<LocalModelFile | undefined> {
  const resolveLocalModel = await importResolver();
  // A one-time download shows its progress on stderr when that is a terminal.
  const bar = download ? await importProgressBar() : undefined;
  const options = { download, baseDir: project.root, onProgress: bar?.update };
  let found: LocalModelFile | undefined;
  try {
    if (isExplicit(name)) {
      // An explicit file wins over plume.yaml and PLUME_LOCAL_MODEL, which only pick the default.
      const explicit = { ...project.config.local, model: name };
      return await resolveLocalModel(explicit, { ...env, PLUME_LOCAL_MODEL: undefined }, options);
    }
    found = await resolveLocalModel(project.config.local, env, options);
  } finally {
    bar?.stop();
  }
  if (found === undefined || name === DEFAULT_LOCAL_MODEL || localModelName(found.path) === name)
    return found;
  throw new PlumeError({
    code: 'MODEL_UNAVAILABLE',
    message: `no local model named '${name}': the selected one is '${localModelName(found.path)}'`,
    hint: 'use local:default, or give the model file path: local:./models/name.gguf',
  });
}

/** Load a local model file with the runtime settings of plume.yaml `local:`. */
export async function loadLocalModel(file: LocalModelFile, config: LocalConfig): Promise<LanguageModel> {
  const createLocalModel = await importFactory();
  return createLocalModel({
    modelPath: file.path,
    threads: config.threads,
    contextSize: config.contextSize,
    sequences: config.sequences,
    gpu: config.gpu,
  });
}

/** The name in a `local:<name>` id: the file name without `.gguf`. */
export function localModelName(path: string): string {
  return basename(path).replace(/\.gguf$/i, '');
}

/** A path, `hf:` or https URI rather than the name of the selected file. */
function isExplicit(name: string): boolean {
  return name.includes('/') || name.includes('\\') || /\.gguf$/i.test(name);
}

/** The local runtime's modules (or node-llama-cpp) are not installed: an optional part, not a failure. */
export function isModuleMissing(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === 'ERR_MODULE_NOT_FOUND';
}
