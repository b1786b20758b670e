import { rmSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { isPlumeError, PlumeError } from '../../util/errors.ts';

/** Bytes of a download so far. */
export interface DownloadProgress {
  downloadedBytes: number;
  totalBytes: number;
}

/** Where to look for and put model files, and whether fetching one is allowed. */
export interface ModelFetchOptions {
  directory: string;
  download: boolean;
  env: NodeJS.ProcessEnv;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
  /** Added to the hint of a failed download (how to get this file another way). */
  offlineHint?: string;
}

const PROBE_TIMEOUT_MS = 10_000;

/** The first file of a model split in parts (`name-00001-of-00003.gguf`). */
const SPLIT_PART = /-\d{5}-of-\d{5}\.gguf$/i;

/**
 * The file for a hub URI (`hf:owner/repo/file.gguf`, an https URL): the copy already in the
 * models folder, else — only when `download` is true — a fresh download through node-llama-cpp.
 * Undefined when it is not there and may not be downloaded. A download that cannot be made
 * throws MODEL_UNAVAILABLE quickly: the host is probed first, because node-llama-cpp's
 * downloader keeps retrying an unreachable host for minutes.
 */
export async function fetchModel(
  uri: string,
  fileName: string | undefined,
  options: ModelFetchOptions,
): Promise<{ path: string; downloaded: boolean } | undefined> {
  const cached = await cachedCopy(uri, fileName, options.directory);
  if (cached !== undefined) return { path: cached, downloaded: false };
  if (!options.download) return undefined;
  const fail = (reason: string, cause?: unknown) => downloadFailed(uri, reason, options, cause);
  const problem = await probe(uri, options.env);
  if (problem !== undefined) throw fail(problem);
  const { resolveModelFile } = await import('node-llama-cpp');
  let expected: number | undefined;
  try {
    const path = await resolveModelFile(uri, {
      directory: options.directory,
      fileName,
      cli: false,
      signal: options.signal,
      tokens: { huggingFace: options.env.HF_TOKEN },
      onProgress: ({ downloadedSize, totalSize }) => {
        expected = totalSize;
        options.onProgress?.({ downloadedBytes: downloadedSize, totalBytes: totalSize });
      },
    });
    checkSize(path, expected, fail);
    return { path, downloaded: true };
  } catch (error) {
    if (isPlumeError(error)) throw error;
    throw fail(options.signal?.aborted ? 'the download was cancelled' : 'the download failed', error);
  }
}

/**
 * The copy of `uri` in `directory`, or undefined. A file whose name is known is looked for
 * directly, as node-llama-cpp would; node-llama-cpp, whose loading took 0.4-0.6 s of any command
 * that looked for the default local model, is asked only to work out a name from the URI or to
 * find a model split in parts.
 */
async function cachedCopy(
  uri: string,
  fileName: string | undefined,
  directory: string,
): Promise<string | undefined> {
  if (fileName !== undefined && !SPLIT_PART.test(fileName)) {
    const path = join(directory, fileName);
    return statSync(path, { throwIfNoEntry: false })?.isFile() ? path : undefined;
  }
  const { resolveModelFile } = await import('node-llama-cpp');
  return resolveModelFile(uri, { directory, fileName, cli: false, download: false }).catch(() => undefined);
}

/**
 * The downloaded file holds exactly the bytes the server announced. The downloader keeps its
 * resume bookkeeping at the end of the file while it works and cuts it off when done; a file
 * found longer (seen once, 63 bytes over, in a test run) is cut back to the announced size, a shorter one is
 * removed and reported.
 */
function checkSize(path: string, expected: number | undefined, fail: (reason: string) => PlumeError): void {
  if (expected === undefined || expected <= 0) return;
  const size = statSync(path).size;
  if (size > expected) truncateSync(path, expected);
  if (size < expected) {
    rmSync(path, { force: true });
    throw fail(`the file is incomplete (${size} of ${expected} bytes)`);
  }
}

/** Why `uri` cannot be downloaded now, or undefined when its host answers. */
async function probe(uri: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const target = probeTarget(uri, env);
  if (target === undefined) return `'${uri}' is neither an hf: URI nor an http(s) URL`;
  try {
    const response = await fetch(target.url, {
      method: 'HEAD',
      redirect: 'follow',
      headers: target.hub && env.HF_TOKEN ? { authorization: `Bearer ${env.HF_TOKEN}` } : {},
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    if (target.fileMustExist && [401, 403, 404, 410].includes(response.status)) {
      return `${new URL(target.url).host} answered ${response.status} for the file`;
    }
    return undefined;
  } catch (error) {
    // undici puts the system error in `cause`, or in `cause.errors` when several addresses were tried.
    const cause = (error as { cause?: { code?: unknown; message?: unknown; errors?: { code?: unknown }[] } })
      .cause;
    const detail = cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message;
    const host = new URL(target.url).host;
    if ((error as Error).name === 'TimeoutError')
      return `${host} did not answer within ${PROBE_TIMEOUT_MS / 1000}s`;
    return `${host} could not be reached${typeof detail === 'string' ? ` (${detail})` : ''}`;
  }
}

function probeTarget(uri: string, env: NodeJS.ProcessEnv) {
  if (/^https?:\/\//i.test(uri)) return { url: uri, hub: false, fileMustExist: true };
  const hub = /^(hf|huggingface):(.+)$/i.exec(uri);
  if (hub === null) return undefined;
  const endpoint = (env.MODEL_ENDPOINT || env.HF_ENDPOINT || 'https://huggingface.co/').replace(/\/?$/, '/');
  const [owner, repo, ...file] = (hub[2] as string).split('/');
  // `hf:owner/repo/path/file.gguf` names one file; other forms (`hf:owner/repo:quant`) need the API.
  if (file.length > 0 && !repo?.includes(':')) {
    return {
      url: `${endpoint}${owner}/${repo}/resolve/main/${file.join('/')}`,
      hub: true,
      fileMustExist: true,
    };
  }
  return { url: endpoint, hub: true, fileMustExist: false };
}

function downloadFailed(
  uri: string,
  reason: string,
  options: ModelFetchOptions,
  cause?: unknown,
): PlumeError {
  const offline = options.offlineHint === undefined ? '' : ` ${options.offlineHint}`;
  return new PlumeError({
    code: 'MODEL_UNAVAILABLE',
    message: `Could not download the local model ${uri} into ${options.directory}: ${reason}.`,
    hint:
      'Point PLUME_LOCAL_MODEL or plume.yaml local.model at a GGUF file on this machine, or set a hosted provider key (for example OPENAI_API_KEY or ANTHROPIC_API_KEY).' +
      offline,
    cause,
  });
}
