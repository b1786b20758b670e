import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/library/project.ts';
import { createModelRegistry } from '../../src/models/registry.ts';
import { type OpenAIStubServer, startOpenAIStubServer } from '../helpers/openai-stub-server.ts';
import { runCli } from '../helpers/run-cli.ts';

describe('plume cache', () => {
  let dir: string;
  let stub: OpenAIStubServer;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plume-cache-cli-'));
    stub = await startOpenAIStubServer();
    writeFileSync(
      join(dir, 'plume.yaml'),
      `providers:\n  stub:\n    type: openai-compatible\n    baseURL: ${stub.baseURL}\nprices:\n  stub:a: { input: 1, output: 1 }\n`,
    );
    // Three calls, one answered from the cache, through the project's own store.
    const registry = createModelRegistry(loadProject(dir), {});
    const message = { messages: [{ role: 'user' as const, content: 'hello' }], params: {} };
    const a = await registry.get('stub:a');
    await a.generate(message);
    await a.generate(message);
    await (await registry.get('stub:b')).generate(message);
    await registry.close();
  });
  afterEach(async () => {
    await stub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports entries, bytes, hits and the call totals', async () => {
    const result = await runCli(dir, ['cache', 'stats', '--json']);
    expect(result.code).toBe(0);
    const stats = JSON.parse(result.stdout);
    expect(stats).toMatchObject({ entries: 2, hits: 1, calls: { calls: 3, cached: 1, errors: 0 } });
    expect(stats.bytes).toBe(2 * 'echo: hello'.length);
    expect(stats.models.map((model: { modelId: string }) => model.modelId)).toEqual(['stub:a', 'stub:b']);
    const human = await runCli(dir, ['cache', 'stats']);
    expect(human.stdout).toMatch(/^2 cached answers, 22 B, 1 hits\n {2}stub:a: 1 answers/);
  });

  it('clears one model, then nothing too recent, then everything', async () => {
    const one = await runCli(dir, ['cache', 'clear', '--model', 'stub:a', '--json']);
    expect(JSON.parse(one.stdout)).toMatchObject({ removed: 1, model: 'stub:a' });
    const old = await runCli(dir, ['cache', 'clear', '--older-than', '7d']);
    expect(old.stdout).toBe('removed 0 cached answers older than 7d\n');
    const all = await runCli(dir, ['cache', 'clear', '--model', 'stub']);
    expect(all.stdout).toBe('removed 1 cached answer of stub\n');
    expect(JSON.parse((await runCli(dir, ['cache', 'stats', '--json'])).stdout).entries).toBe(0);
  });

  it('refuses a duration it cannot read, saying how to write one', async () => {
    const result = await runCli(dir, ['cache', 'clear', '--older-than', 'a week']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/'a week' is not a duration[\s\S]*hint: .*'7d'/);
  });

  it('says on stderr that it upgrades the store when a migration rewrites its rows, and only then', async () => {
    // The store as an older plume left it: keys as text, cache-4 (and what came after it) not applied.
    const db = new Database(join(dir, '.plume', 'plume.db'));
    db.exec(`
      CREATE TABLE old_cache AS SELECT lower(hex(key)) AS key, model_id, created_at, text, input_tokens,
        output_tokens, finish_reason FROM response_cache;
      DROP TABLE response_cache;
      CREATE TABLE response_cache (key TEXT PRIMARY KEY, model_id TEXT NOT NULL, created_at INTEGER NOT NULL,
        text TEXT NOT NULL, input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,
        finish_reason TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO response_cache SELECT * FROM old_cache;
      DROP TABLE old_cache;
      DELETE FROM schema_migrations WHERE id IN ('cache-4-binary-keys', 'cache-5-log-probs');
    `);
    db.close();
    const upgraded = await runCli(dir, ['cache', 'stats', '--json']);
    expect(upgraded.stderr).toBe(
      "plume: upgrading the project's store: storing the response cache's keys as bytes (once; a large store takes a few seconds)\n",
    );
    expect(JSON.parse(upgraded.stdout)).toMatchObject({ entries: 2, hits: 1 });
    const again = await runCli(dir, ['cache', 'stats', '--json']);
    expect(again.stderr).toBe('');
  });
});
