import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_LOCAL_MODEL_FILE,
  type DownloadableModel,
} from '../../src/models/local/default-local-model.ts';
import type { DownloadProgress } from '../../src/models/local/model-download.ts';
import { modelsDirectory } from '../../src/models/local/models-directory.ts';
import { isModelUri, resolveLocalModel } from '../../src/models/local/resolve-local-model.ts';
import { PlumeError } from '../../src/util/errors.ts';

// Nothing outside this machine: port 9 (discard) on the loopback answers nothing.
const UNREACHABLE = 'http://127.0.0.1:9/model.gguf';
// Never let a test fetch the real default (half a gigabyte) on a machine that has a network.
const UNREACHABLE_DEFAULT: DownloadableModel = {
  uri: UNREACHABLE,
  fileName: 'model.gguf',
  description: 'test',
};

let root: string;
let modelsDir: string;
let configured: string;
let fromEnv: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'plume-local-resolve-'));
  modelsDir = join(root, 'models');
  configured = join(root, 'configured.gguf');
  fromEnv = join(root, 'from-env.gguf');
  writeFileSync(configured, 'GGUF');
  writeFileSync(fromEnv, 'GGUF');
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function putDefaultInCache(): string {
  mkdirSync(modelsDir, { recursive: true });
  const path = join(modelsDir, DEFAULT_LOCAL_MODEL_FILE.fileName);
  writeFileSync(path, 'GGUF');
  return path;
}

async function failure(promise: Promise<unknown>): Promise<PlumeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlumeError);
  return error as PlumeError;
}

describe('resolveLocalModel: order', () => {
  it('takes plume.yaml local.model first', async () => {
    putDefaultInCache();
    const env = { PLUME_MODELS_DIR: modelsDir, PLUME_LOCAL_MODEL: fromEnv };
    await expect(resolveLocalModel({ model: configured }, env, { download: false })).resolves.toEqual({
      path: configured,
      source: 'config',
    });
  });

  it('resolves a relative local.model against the project root', async () => {
    const env = { PLUME_MODELS_DIR: modelsDir };
    const found = await resolveLocalModel({ model: 'configured.gguf' }, env, {
      download: false,
      baseDir: root,
    });
    expect(found).toEqual({ path: configured, source: 'config' });
  });

  it('then PLUME_LOCAL_MODEL', async () => {
    putDefaultInCache();
    const env = { PLUME_MODELS_DIR: modelsDir, PLUME_LOCAL_MODEL: fromEnv };
    await expect(resolveLocalModel({}, env, { download: false })).resolves.toEqual({
      path: fromEnv,
      source: 'env',
    });
  });

  it('then the default model already in the models folder', async () => {
    const cached = putDefaultInCache();
    const env = { PLUME_MODELS_DIR: modelsDir, PLUME_LOCAL_MODEL: '' };
    await expect(resolveLocalModel({}, env, { download: false })).resolves.toEqual({
      path: cached,
      source: 'cache',
    });
  });

  it('finds nothing when the default is not there and may not be downloaded', async () => {
    await expect(
      resolveLocalModel({}, { PLUME_MODELS_DIR: modelsDir }, { download: false }),
    ).resolves.toBeUndefined();
  });

  it('finds a configured URL already downloaded without going to the network', async () => {
    mkdirSync(modelsDir, { recursive: true });
    writeFileSync(join(modelsDir, 'model.gguf'), 'GGUF');
    const found = await resolveLocalModel(
      { model: UNREACHABLE },
      { PLUME_MODELS_DIR: modelsDir },
      { download: false },
    );
    expect(found).toEqual({ path: join(modelsDir, 'model.gguf'), source: 'config' });
  });
});

describe('resolveLocalModel: errors', () => {
  it('names a configured path that does not exist', async () => {
    const missing = join(root, 'missing.gguf');
    const error = await failure(resolveLocalModel({ model: missing }, {}, { download: false }));
    expect(error.code).toBe('MODEL_UNAVAILABLE');
    expect(error.category).toBe('user');
    expect(error.message).toContain(missing);
    expect(error.message).toContain('local.model');
  });

  it('names a PLUME_LOCAL_MODEL path that does not exist', async () => {
    const missing = join(root, 'missing.gguf');
    const error = await failure(resolveLocalModel({}, { PLUME_LOCAL_MODEL: missing }, { download: true }));
    expect(error.message).toContain('PLUME_LOCAL_MODEL');
    expect(error.message).toContain(missing);
  });

  it('fails fast with MODEL_UNAVAILABLE when a configured URI cannot be downloaded', async () => {
    const started = Date.now();
    const env = { PLUME_MODELS_DIR: modelsDir };
    const error = await failure(resolveLocalModel({ model: UNREACHABLE }, env, { download: true }));
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(error.code).toBe('MODEL_UNAVAILABLE');
    expect(error.message).toContain(UNREACHABLE);
    expect(error.hint).toContain('PLUME_LOCAL_MODEL');
    expect(error.hint).toContain('local.model');
    expect(error.hint).toMatch(/provider key/);
  });

  it('says how to get the default model another way when its download fails', async () => {
    const env = { PLUME_MODELS_DIR: modelsDir };
    const error = await failure(
      resolveLocalModel({}, env, { download: true, defaultModel: UNREACHABLE_DEFAULT }),
    );
    expect(error.code).toBe('MODEL_UNAVAILABLE');
    expect(error.hint).toContain(`copy model.gguf`);
    expect(error.hint).toContain(modelsDir);
  });

  it('does not download a configured URI when downloads are not allowed', async () => {
    const env = { PLUME_MODELS_DIR: modelsDir };
    const error = await failure(
      resolveLocalModel({ model: 'hf:owner/repo/file.gguf' }, env, { download: false }),
    );
    expect(error.message).toMatch(/not downloaded yet/);
  });
});

describe('models folder and URIs', () => {
  it('is PLUME_MODELS_DIR, else under XDG_CACHE_HOME, else ~/.cache', () => {
    expect(modelsDirectory({ PLUME_MODELS_DIR: modelsDir })).toBe(modelsDir);
    expect(modelsDirectory({ XDG_CACHE_HOME: root })).toBe(join(root, 'plume', 'models'));
    expect(modelsDirectory({})).toBe(join(homedir(), '.cache', 'plume', 'models'));
  });

  it('tells hub URIs from paths', () => {
    expect(isModelUri('hf:Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q4_k_m.gguf')).toBe(true);
    expect(isModelUri('https://example.com/model.gguf')).toBe(true);
    expect(isModelUri('./models/model.gguf')).toBe(false);
    expect(isModelUri('C:\\models\\model.gguf')).toBe(false);
  });

  it('defaults to a small instruct model kept under a stable file name', () => {
    expect(DEFAULT_LOCAL_MODEL_FILE.uri).toMatch(/^hf:Qwen\/Qwen2\.5-0\.5B-Instruct-GGUF\//);
    expect(DEFAULT_LOCAL_MODEL_FILE.uri.endsWith(`/${DEFAULT_LOCAL_MODEL_FILE.fileName}`)).toBe(true);
  });
});

// A model hub on the loopback, serving the real stories260K file: the download path runs for
// real (node-llama-cpp's downloader) without leaving the machine.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const STORIES = resolve(repoRoot, '../shared/models/stories260K/stories260K.gguf');

describe('resolveLocalModel: downloads', () => {
  let server: Server;
  let base: string;
  const requests: string[] = [];

  beforeAll(async () => {
    const bytes = readFileSync(STORIES);
    server = createServer((request, response) => {
      requests.push(`${request.method} ${request.url}`);
      if (request.url !== '/hub/stories.gguf') return void response.writeHead(404).end();
      const range = /bytes=(\d+)-(\d*)/.exec(request.headers.range ?? '');
      const start = range ? Number(range[1]) : 0;
      const end = range?.[2] ? Number(range[2]) : bytes.length - 1;
      const headers = { 'content-length': end - start + 1, 'accept-ranges': 'bytes' };
      const rangeHeader = range ? { 'content-range': `bytes ${start}-${end}/${bytes.length}` } : {};
      response.writeHead(range ? 206 : 200, { ...headers, ...rangeHeader });
      response.end(request.method === 'HEAD' ? undefined : bytes.subarray(start, end + 1));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
  });

  it('downloads the default once, with progress, then finds it in the models folder', async () => {
    const defaultModel = { uri: `${base}/hub/stories.gguf`, fileName: 'stories.gguf', description: 'test' };
    const env = { PLUME_MODELS_DIR: modelsDir };
    const progress: DownloadProgress[] = [];
    const onProgress = (update: DownloadProgress) => progress.push(update);
    const first = await resolveLocalModel({}, env, { download: true, defaultModel, onProgress });
    expect(first).toEqual({ path: join(modelsDir, 'stories.gguf'), source: 'download' });
    expect(statSync(first!.path).size).toBe(statSync(STORIES).size);
    expect(progress.at(-1)).toEqual({
      downloadedBytes: statSync(STORIES).size,
      totalBytes: statSync(STORIES).size,
    });
    requests.length = 0;
    const second = await resolveLocalModel({}, env, { download: true, defaultModel });
    expect(second).toEqual({ path: first!.path, source: 'cache' });
    expect(requests).toEqual([]);
  });

  it('reports a file the hub does not have', async () => {
    const uri = `${base}/hub/missing.gguf`;
    const error = await failure(
      resolveLocalModel({ model: uri }, { PLUME_MODELS_DIR: modelsDir }, { download: true }),
    );
    expect(error.code).toBe('MODEL_UNAVAILABLE');
    expect(error.message).toMatch(/answered 404/);
  });

  it('fails fast when the host refuses the connection', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    const started = Date.now();
    const uri = `http://127.0.0.1:${port}/model.gguf`;
    const error = await failure(
      resolveLocalModel({ model: uri }, { PLUME_MODELS_DIR: modelsDir }, { download: true }),
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(error.message).toMatch(/could not be reached \(ECONNREFUSED\)/);
  });
});
