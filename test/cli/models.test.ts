import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderStatus } from '../../src/models/provider-status.ts';
import { runCli } from '../helpers/run-cli.ts';

const SECRET = 'sk-cli-models-secret-value';

/** No keys and no local model, whatever the machine running the tests has; then `extra`. */
function env(dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    OPENAI_API_KEY: undefined,
    ANTHROPIC_API_KEY: undefined,
    GOOGLE_GENERATIVE_AI_API_KEY: undefined,
    MISTRAL_API_KEY: undefined,
    PLUME_LOCAL_MODEL: undefined,
    PLUME_MODELS_DIR: join(dir, 'no-models'),
    ...extra,
  };
}

describe('plume models', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plume-models-cli-'));
    writeFileSync(
      join(dir, 'plume.yaml'),
      'providers:\n  vllm:\n    type: openai-compatible\n    baseURL: http://127.0.0.1:8000/v1\n    apiKeyEnv: VLLM_KEY\n',
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists every provider as JSON, with key variables but never key values', async () => {
    const result = await runCli(dir, ['models', '--json'], env(dir, { OPENAI_API_KEY: SECRET }));
    expect(result.code).toBe(0);
    const data = JSON.parse(result.stdout) as { providers: ProviderStatus[]; defaultModel: string | null };
    const byName = Object.fromEntries(data.providers.map((provider) => [provider.name, provider]));
    expect(Object.keys(byName)).toEqual([
      'openai',
      'anthropic',
      'google',
      'mistral',
      'ollama',
      'local',
      'echo',
      'sim',
      'vllm',
    ]);
    expect(byName.openai).toMatchObject({ keySet: true, available: true, apiKeyEnv: 'OPENAI_API_KEY' });
    expect(byName.mistral).toMatchObject({ keySet: false, available: false, apiKeyEnv: 'MISTRAL_API_KEY' });
    expect(byName.vllm).toMatchObject({
      configured: true,
      kind: 'openai-compatible',
      baseURL: 'http://127.0.0.1:8000/v1',
    });
    expect(byName.local).toMatchObject({ available: false });
    expect(byName.echo).toMatchObject({ available: true });
    expect(data.defaultModel).toBe('openai:gpt-4.1-mini');
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  });

  it('prints a table for people, and how to get a model when there is none', async () => {
    const result = await runCli(dir, ['models'], env(dir));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^provider\s+type\s+status\s+detail/);
    expect(result.stdout).toMatch(/anthropic\s+anthropic\s+no key\s+ANTHROPIC_API_KEY is not set/);
    expect(result.stdout).toMatch(/echo\s+echo\s+ready/);
    expect(result.stdout).toMatch(/vllm\s+openai-compatible\s+no key\s+VLLM_KEY is not set .*plume\.yaml/);
    expect(result.stdout).toMatch(/default model: none \(set one of OPENAI_API_KEY, .*PLUME_LOCAL_MODEL/);
  });

  it('shows the configured default model', async () => {
    writeFileSync(join(dir, 'plume.yaml'), 'defaultModel: echo:demo\n');
    const result = await runCli(dir, ['models', '--json'], env(dir));
    expect((JSON.parse(result.stdout) as { defaultModel: string }).defaultModel).toBe('echo:demo');
  });
});
