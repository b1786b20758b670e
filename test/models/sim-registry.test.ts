import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderStatus } from '../../src/models/provider-status.ts';
import { createModelRegistry, type ModelRegistry } from '../../src/models/registry.ts';
import { openDatabase } from '../../src/store/database.ts';
import { runCli } from '../helpers/run-cli.ts';
import { cleanEnv, testProject } from './test-project.ts';

describe('the sim test instrument in the registry', () => {
  let project: ReturnType<typeof testProject>;
  let registry: ModelRegistry;
  const open = (config: Record<string, unknown> = {}) => {
    project = testProject(config);
    registry = createModelRegistry(project, cleanEnv(), { db: openDatabase(':memory:') });
    return registry;
  };
  afterEach(async () => {
    await registry.close();
    project.dispose();
  });

  it('makes sim:classify, reading its settings from the model parameters', async () => {
    const model = await open().get({
      provider: 'sim',
      model: 'classify',
      params: { temperature: 0, sim: { base: 0.9999, difficulty: 0 } },
    });
    expect(model.id).toBe('sim:classify');
    const result = await model.generate({
      messages: [{ role: 'user', content: 'ticket 4' }],
      params: {},
      vars: { input: 'ticket 4', label: 'billing' },
    });
    expect(result).toMatchObject({ text: 'billing', modelId: 'sim:classify', cached: false, costUsd: 0 });
  });

  it('takes classify for a bare sim reference, and refuses an unknown family', async () => {
    expect((await open().get('sim')).id).toBe('sim:classify');
    await expect(registry.get('sim:chat')).rejects.toMatchObject({
      code: 'MODEL_REF_INVALID',
      hint: expect.stringContaining('sim:classify, sim:extract, sim:qa'),
    });
  });

  it('refuses provider settings for sim in plume.yaml, but a concurrency limit', async () => {
    await expect(open({ providers: { sim: { timeoutMs: 2 } } }).get('sim:qa')).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('built in'),
      hint: expect.stringContaining('only `concurrency`'),
    });
  });

  it('limits its calls in flight to providers.sim.concurrency, the waits recorded apart', async () => {
    const model = await open({ providers: { sim: { concurrency: 2 } } }).get({
      provider: 'sim',
      model: 'classify',
      params: { sim: { latencyMs: 60 } },
    });
    const request = {
      messages: [{ role: 'user' as const, content: 'ticket 4' }],
      params: {},
      vars: { input: 'ticket 4', label: 'billing' },
    };
    const results = await Promise.all([1, 2, 3, 4].map(() => model.generate(request)));
    const waits = results.map((result) => result.queueMs ?? -1).sort((a, b) => a - b);
    // Two at a time: two calls went at once, two waited for one call's time.
    expect(waits[1]).toBeLessThan(30);
    expect(waits[2]).toBeGreaterThanOrEqual(55);
    for (const result of results) {
      expect(result.latencyMs).toBeGreaterThanOrEqual(55);
      expect(result.latencyMs).toBeLessThan(60 + 100);
    }
  });
});

describe('plume models', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('lists sim as a test instrument, never as a model', async () => {
    dir = mkdtempSync(join(tmpdir(), 'plume-sim-models-'));
    writeFileSync(join(dir, 'plume.yaml'), 'defaultModel: echo:demo\n');
    const env = { PLUME_MODELS_DIR: join(dir, 'no-models'), PLUME_LOCAL_MODEL: undefined };
    const json = await runCli(dir, ['models', '--json'], env);
    expect(json.code).toBe(0);
    const { providers } = JSON.parse(json.stdout) as { providers: ProviderStatus[] };
    const sim = providers.find((provider) => provider.name === 'sim');
    expect(sim).toMatchObject({ kind: 'sim', builtin: true, available: true, defaultModel: 'classify' });
    expect(sim?.detail).toMatch(/test instrument, not a model/);
    const table = await runCli(dir, ['models'], env);
    expect(table.stdout).toMatch(/sim\s+sim\s+ready\s+.*test instrument, not a model/);
  });
});
