import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { simTrueAccuracy } from '../../src/models/sim/sim-truth.ts';
import { runCli } from '../helpers/run-cli.ts';

const SETTINGS = { seed: 9, base: 0.55, effects: { role: 0.8 }, labels: ['positive', 'negative', 'neutral'] };
const PROMPTS = { bare: '{{input}}', role: 'You are a careful annotator.\n\n{{input}}' };
const COUNT = 600;

interface Column {
  prompt: string;
  passRate: { estimate: number };
}

describe('plume eval on the sim test instrument', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('estimates each prompt’s accuracy within 3 standard errors of the truth', async () => {
    dir = mkdtempSync(join(tmpdir(), 'plume-sim-eval-'));
    const tests = Array.from({ length: COUNT }, (_, index) => ({
      input: `customer review ${index}`,
      label: SETTINGS.labels[index % 3]!,
    }));
    writeFileSync(join(dir, 'plume.yaml'), 'cache: { enabled: false }\n');
    writeFileSync(
      join(dir, 'tests.jsonl'),
      tests
        .map((vars) => JSON.stringify({ vars, assert: [{ type: 'equals', value: '{{label}}' }] }))
        .join('\n'),
    );
    writeFileSync(
      join(dir, 'suite.json'),
      JSON.stringify({
        prompts: Object.entries(PROMPTS).map(([label, raw]) => ({ label, raw })),
        models: [{ id: 'sim:classify', config: { temperature: 0, sim: SETTINGS } }],
        tests: 'file://tests.jsonl',
      }),
    );
    const result = await runCli(dir, ['eval', 'suite.json', '--json'], { PLUME_LOCAL_MODEL: undefined });
    expect(result.code).toBe(0);
    const { columns } = JSON.parse(result.stdout) as { columns: Column[] };
    const truths: number[] = [];
    for (const [label, raw] of Object.entries(PROMPTS)) {
      const messages = tests.map((vars) => [
        { role: 'user' as const, content: raw.replace('{{input}}', vars.input) },
      ]);
      const truth = simTrueAccuracy(SETTINGS, 'classify', messages, tests);
      const estimate = columns.find((column) => column.prompt === label)!.passRate.estimate;
      expect(Math.abs(estimate - truth)).toBeLessThan(3 * Math.sqrt((truth * (1 - truth)) / COUNT));
      truths.push(truth);
    }
    expect(truths[1]! - truths[0]!).toBeGreaterThan(0.1);
  });
});
