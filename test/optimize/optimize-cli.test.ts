import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';
import type { TempProject } from '../helpers/temp-project.ts';
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
});
