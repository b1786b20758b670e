import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type OpenAIStubServer,
  type StubRequest,
  startOpenAIStubServer,
} from '../helpers/openai-stub-server.ts';
import { runCli } from '../helpers/run-cli.ts';
import type { TempProject } from '../helpers/temp-project.ts';
import { simProject } from './sim-project.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const STORIES = resolve(repoRoot, '../shared/models/stories260K/stories260K.gguf');

function lastContent(request: StubRequest): string {
  const messages = request.body.messages ?? [];
  return String(messages.at(-1)?.content ?? '');
}

describe('plume optimize with model-proposed rewrites', () => {
  let project: TempProject | undefined;
  let stub: OpenAIStubServer | undefined;
  afterEach(async () => {
    project?.cleanup();
    await stub?.close();
    project = undefined;
    stub = undefined;
  });

  it('runs APE, OPRO and ProTeGi against a proposer server, within the budget, and keeps the proposals that help', async () => {
    let proposals = 0;
    stub = await startOpenAIStubServer({
      respond: (request) => {
        const meta = lastContent(request);
        if (meta.includes('<critique>'))
          return { text: '<critique>It never says who is labelling.</critique>' };
        proposals++;
        // Every third proposal plants a role sentence, which the sim rewards.
        const role = proposals % 3 === 0 ? 'You are a meticulous annotator. ' : '';
        return {
          text: `<prompt>${role}Give the label of the review (variant ${proposals}).\n\n{{input}}</prompt>`,
        };
      },
    });
    project = simProject({ settings: { seed: 8, base: 0.35, effects: { role: 1.5 } }, tests: 240 });
    project.write(
      'plume.yaml',
      `prompts: prompts\ncache: { enabled: false }\nproviders:\n  stub: { type: openai-compatible, baseURL: '${stub.baseURL}', maxRetries: 0 }\n`,
    );
    const result = await runCli(project.root, [
      'optimize',
      'classify',
      '--strategies',
      'ape,opro,protegi',
      '--proposer',
      'stub:writer',
      '--iterations',
      '2',
      '--candidates',
      '4',
      '--budget-calls',
      '900',
      '--json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.strategies.map((strategy: { name: string }) => strategy.name)).toEqual([
      'ape',
      'opro',
      'protegi',
    ]);
    for (const strategy of report.strategies) expect(strategy.spent.calls).toBeGreaterThan(0);
    expect(report.spent.calls).toBeLessThanOrEqual(900);
    expect(stub.requests.length).toBeGreaterThan(0);
    // Proposer calls are part of the spend.
    const targetCalls = report.spent.calls - stub.requests.length;
    expect(targetCalls).toBeGreaterThan(0);
    expect(report.winner.body).toContain('You are a meticulous annotator.');
    expect(report.winner.body).toContain('{{input}}');
    expect(report.heldOut.significant).toBe(true);
  });

  it('runs every model-proposed strategy with the real local model as proposer', async () => {
    project = simProject({ settings: { seed: 9, base: 0.5 }, tests: 90 });
    project.write(
      'plume.yaml',
      `prompts: prompts\ncache: { enabled: false }\nlocal: { model: '${STORIES}', threads: 1, contextSize: 2048, sequences: 2 }\ndefaults: { maxTokens: 24 }\n`,
    );
    const result = await runCli(
      project.root,
      [
        'optimize',
        'classify',
        '--strategies',
        'ape,opro,protegi',
        '--proposer',
        'local:default',
        '--iterations',
        '1',
        '--candidates',
        '2',
        '--budget-calls',
        '400',
        '--json',
      ],
      { PLUME_OFFLINE: '1' },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.spent.calls).toBeLessThanOrEqual(400);
    // A 260K-parameter story model proposes nonsense; what counts is that it was asked and paid for.
    const proposerCalls = report.strategies.reduce(
      (sum: number, strategy: { spent: { calls: number } }) => sum + strategy.spent.calls,
      0,
    );
    expect(proposerCalls).toBeGreaterThan(0);
    expect(report.heldOut.tests).toBe(report.split.test);
  }, 120_000);
});
