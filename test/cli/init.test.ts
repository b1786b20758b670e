import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bareEnv } from '../helpers/bare-env.ts';
import { runCli, spawnCli } from '../helpers/run-cli.ts';

describe('plume init', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plume-init-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a project with example prompts and a config', async () => {
    const result = await runCli(dir, ['init', 'demo']);
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, 'demo/plume.yaml'))).toBe(true);
    expect(readFileSync(join(dir, 'demo/prompts/haiku.prompt'), 'utf8')).toContain('{{topic}}');
    expect(result.stdout).toContain('plume -C demo run haiku');
  });

  it('refuses to overwrite an existing project without --force', async () => {
    await runCli(dir, ['init']);
    const again = await runCli(dir, ['init']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds plume\.yaml.*\n.*--force/);
    expect((await runCli(dir, ['init', '--force'])).code).toBe(0);
  });

  it('writes a suite that plume eval runs on a fresh machine on the simulator, saying it is not a model', async () => {
    await runCli(dir, ['init', 'demo']);
    const result = await runCli(dir, ['-C', 'demo', 'eval'], bareEnv());
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('SIMULATOR');
    expect(result.stderr).toContain('NOT a');
    expect(result.stdout).toMatch(/classify-sentiment +sim:classify +\d+\.\d%\s+\[/);
    expect(result.stdout).toMatch(/classify-sentiment-defined +sim:classify/);
    expect(result.stdout).toContain('12/12 cells');
    // The simulated answers are labels, right or wrong: checks and statistics have something to say.
    expect(result.stdout).toMatch(/Comparisons \(paired/);
  });

  it('reports the created files as JSON with --json', async () => {
    const result = await runCli(dir, ['init', 'demo', '--json']);
    const data = JSON.parse(result.stdout) as { files: string[] };
    expect(data.files).toContain('prompts/summarize.prompt');
  });
});

describe('the plume executable', () => {
  it('prints its version', () => {
    const result = spawnCli(tmpdir(), ['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('rejects an unknown command with the user-error exit code', () => {
    const result = spawnCli(tmpdir(), ['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('frobnicate');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('honours -C to run in another folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plume-c-'));
    try {
      expect(spawnCli(tmpdir(), ['-C', dir, 'init']).code).toBe(0);
      expect(existsSync(join(dir, 'plume.yaml'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
