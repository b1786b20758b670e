import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bareEnv } from '../helpers/bare-env.ts';
import { startOpenAIStubServer } from '../helpers/openai-stub-server.ts';
import { PLUME_BIN, runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';
import { simProject } from './sim-project.ts';

describe('plume optimize', () => {
  let project: TempProject | undefined;
  afterEach(() => project?.cleanup());

  it('finds demonstrations that help, proves it on held-out tests and saves the winner as a child version', async () => {
    project = simProject({
      settings: { seed: 3, base: 0.35, demonstrations: { perCorrect: 0.6 } },
      tests: 240,
    });
    const result = await runCli(project.root, [
      'optimize',
      'classify',
      '--strategies',
      'few-shot',
      '--budget-calls',
      '800',
      '--json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.winner.origin.strategy).toBe('few-shot');
    expect(report.heldOut.significant).toBe(true);
    expect(report.spent.calls).toBeLessThanOrEqual(800);
    expect(report.savedAs).toMatch(/^classify@/);
    const history = await runCli(project.root, ['lib', 'history', 'classify', '--json']);
    expect(history.stdout).toContain('optimized');
  });

  it('estimates what each strategy would spend without calling a model', async () => {
    project = simProject({ settings: { seed: 1 }, tests: 120 });
    const result = await runCli(project.root, ['optimize', 'classify', '--dry-run', '--budget-calls', '300']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/33 train · 49 validation · 38 held out/);
    expect(result.stdout).toMatch(/edits\s+~\s*\d+ target calls/);
    expect(result.stdout).toMatch(/held-out\s+76 target calls/);
    expect(result.stdout).toContain('more than the budget');
    const list = await runCli(project.root, ['optimizations', '--json']);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it('says what is wrong with bad input, with exit code 2', async () => {
    project = simProject({ settings: { seed: 1 }, tests: 3 });
    const unknown = await runCli(project.root, ['optimize', 'classify', '--strategies', 'edits,gradient']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown strategy 'gradient'");
    expect(unknown.stderr).toContain('edits, few-shot, ape, opro, protegi');
    const tooFew = await runCli(project.root, ['optimize', 'classify', '--split', '0.3/0.7/0']);
    expect(tooFew.code).toBe(2);
    expect(tooFew.stderr).toContain('--split');
    const small = await runCli(project.root, ['optimize', 'classify']);
    expect(small.code).toBe(2);
    expect(small.stderr).toMatch(/3 tests leave \d+ for validation and \d+ held out/);
    const missing = await runCli(project.root, ['optimizations', 'opt-nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no optimization 'opt-nope'");
  });

  it('shows the best so far and the budget spent while it runs', async () => {
    project = simProject({ settings: { seed: 2, base: 0.3, effects: { role: 1.5 } }, tests: 150 });
    const result = await runCli(project.root, ['optimize', 'classify', '--budget-calls', '700', '--no-save']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/best so far \d+\.\d% on \d+ validation tests .* spent \d+\/700 calls/);
    expect(result.stdout).toMatch(/held-out \(\d+ tests\): start/);
    expect(result.stdout).toContain('not saved (--no-save)');
    expect(result.stdout).not.toContain('saved the winner');
  });

  it('stops on SIGTERM with exit 143 and the --resume command of the optimization, not an internal error', async () => {
    const server = await startOpenAIStubServer({ latencyMs: 50, respond: () => ({ text: 'positive' }) });
    try {
      project = createTempProject(
        { 'classify.prompt': 'Label: {{input}}\n' },
        `prompts: prompts\nproviders:\n  stub:\n    type: openai-compatible\n    baseURL: ${server.baseURL}\n`,
      );
      const tests = Array.from({ length: 120 }, (_, index) => ({ vars: { input: `review ${index}` } }));
      writeFileSync(join(project.root, 'tests.jsonl'), tests.map((test) => JSON.stringify(test)).join('\n'));
      project.write(
        'plume.suite.yaml',
        "prompts: [classify]\nmodels: ['stub:tiny']\ndefaultTest: { assert: [{ type: equals, value: positive }] }\ntests: file://tests.jsonl\n",
      );
      const args = ['optimize', 'classify', '--strategies', 'edits', '--budget-calls', '400', '--no-save'];
      const child = spawn(process.execPath, [PLUME_BIN, ...args], {
        cwd: project.root,
        env: { ...process.env, ...bareEnv() },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      const started = new Promise<void>((resolve) =>
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (stderr.includes('additions')) resolve();
        }),
      );
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      await started;
      child.kill('SIGTERM');
      expect(await exited).toBe(143);
      const id = /optimization (opt-\S+)/.exec(stderr)?.[1];
      expect(stderr).toContain(`stopped: continue with plume optimize --resume ${id} (nothing scored`);
      expect(stderr).not.toContain('error');
      const resumed = await runCli(project.root, ['optimize', '--resume', id!, '--no-save'], bareEnv());
      expect(resumed.code).toBe(0);
    } finally {
      await server.close();
    }
  }, 60_000);
});
