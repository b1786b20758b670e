// Finding a local model file must not load node-llama-cpp (0.4-0.6 s): a download, or a hub URI
// whose file name only it works out, needs it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { resolveLocalModel } from '../../src/models/local/resolve-local-model.ts';

const loaded = vi.hoisted(() => ({ times: 0 }));
vi.mock('node-llama-cpp', () => {
  loaded.times += 1;
  return { resolveModelFile: () => Promise.reject(new Error('no such file')) };
});

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'plume-local-light-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const DEFAULT = { uri: 'hf:owner/repo/model-q4.gguf', fileName: 'model-q4.gguf', description: 'test' };

it('finds the default model already in the models folder without loading node-llama-cpp', async () => {
  const models = join(root, 'models');
  mkdirSync(models);
  writeFileSync(join(models, 'model-q4.gguf'), 'GGUF');
  const found = await resolveLocalModel(
    {},
    { PLUME_MODELS_DIR: models },
    { download: false, defaultModel: DEFAULT },
  );
  expect(found).toEqual({ path: join(models, 'model-q4.gguf'), source: 'cache' });
  expect(loaded.times).toBe(0);
});

it('finds a configured file path without loading node-llama-cpp', async () => {
  const file = join(root, 'mine.gguf');
  writeFileSync(file, 'GGUF');
  const found = await resolveLocalModel({ model: file }, {}, { download: false, defaultModel: DEFAULT });
  expect(found).toEqual({ path: file, source: 'config' });
  expect(loaded.times).toBe(0);
});

it('says the default model is missing without loading node-llama-cpp', async () => {
  const models = join(root, 'empty');
  expect(
    await resolveLocalModel({}, { PLUME_MODELS_DIR: models }, { download: false, defaultModel: DEFAULT }),
  ).toBeUndefined();
  expect(loaded.times).toBe(0);
});

it('asks node-llama-cpp for a hub URI, whose file name only it works out', async () => {
  const models = join(root, 'empty');
  await expect(
    resolveLocalModel(
      { model: 'hf:owner/repo/model-q4.gguf' },
      { PLUME_MODELS_DIR: models },
      { download: false },
    ),
  ).rejects.toMatchObject({ code: 'MODEL_UNAVAILABLE' });
  expect(loaded.times).toBe(1);
});
