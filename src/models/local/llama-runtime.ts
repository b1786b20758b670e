import { getLlama, type Llama, LlamaLogLevel } from 'node-llama-cpp';
import { PlumeError } from '../../util/errors.ts';

// One runtime per process and per GPU choice: loading the native backend is slow and holds
// process-wide state, so every model shares it. Cached as a promise so concurrent callers wait
// for the same load; a failed load is forgotten so a later call can try again.
const runtimes = new Map<boolean, Promise<Llama>>();

/**
 * The process-wide node-llama-cpp runtime, CPU-only unless `gpu` is true. It never builds
 * llama.cpp nor downloads binaries: the prebuilt ones installed with the package are used or
 * the call fails with a LOCAL_MODEL error. It lives until the process exits.
 */
export function llamaRuntime(gpu = false): Promise<Llama> {
  let runtime = runtimes.get(gpu);
  if (runtime === undefined) {
    runtime = loadRuntime(gpu);
    runtimes.set(gpu, runtime);
    runtime.catch(() => runtimes.delete(gpu));
  }
  return runtime;
}

async function loadRuntime(gpu: boolean): Promise<Llama> {
  try {
    return await getLlama({
      gpu: gpu ? 'auto' : false,
      build: 'never',
      usePrebuiltBinaries: true,
      skipDownload: true,
      progressLogs: false,
      logLevel: LlamaLogLevel.error,
      logger: logRuntimeMessage,
      // No process-wide cap: each context is given an explicit thread count (local.threads).
      maxThreads: 0,
    });
  } catch (error) {
    throw new PlumeError({
      code: 'LOCAL_MODEL',
      message: `Could not start the local model runtime (node-llama-cpp, ${gpu ? 'GPU' : 'CPU'}).`,
      hint: gpu
        ? 'Set local.gpu to false in plume.yaml to run on the CPU.'
        : 'Reinstall plume so that the prebuilt node-llama-cpp binaries for this platform are present.',
      cause: error,
    });
  }
}

// llama.cpp logs through here; only errors reach stderr, and they name no prompt text.
function logRuntimeMessage(level: LlamaLogLevel, message: string): void {
  if (level === LlamaLogLevel.error || level === LlamaLogLevel.fatal) {
    process.stderr.write(`[llama.cpp] ${message.trimEnd()}\n`);
  }
}
