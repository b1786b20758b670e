import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OptimizationDetail, OptimizationListItem } from '../../src/server/optimization-summary.ts';
import type { RunningServer } from '../../src/server/start-server.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createOptimizedProject, type OptimizedProject } from './optimized-project.ts';
import { ENV, serve } from './served-project.ts';

let optimized: OptimizedProject;
let server: RunningServer;

// Over a store filled by the real `plume optimize` (sim model), served as `plume ui` serves it.
beforeAll(async () => {
  optimized = await createOptimizedProject();
  server = await serve(optimized.project);
}, 60_000);
afterAll(async () => {
  await server?.close();
  optimized?.project.cleanup();
});

async function call<T>(path: string, base = server.url): Promise<[number, T]> {
  const response = await fetch(new URL(path, base));
  return [response.status, (await response.json()) as T];
}

describe('optimization endpoints', () => {
  it('lists optimizations with their spend and held-out lift', async () => {
    const [status, list] = await call<OptimizationListItem[]>('/api/optimizations');
    expect(status).toBe(200);
    expect(list).toHaveLength(1);
    const [item] = list;
    expect(item).toMatchObject({
      id: optimized.id,
      prompt: 'classify',
      model: 'sim:classify',
      status: 'finished',
      callsSpent: optimized.report.spent.calls,
      budget: { calls: 600 },
    });
    expect(item!.callsSpent).toBeLessThanOrEqual(600);
    expect(item!.heldOut!.significant).toBe(optimized.report.heldOut.significant);
    expect(item!.heldOut!.low).toBeLessThanOrEqual(item!.heldOut!.lift);
    expect(item!.heldOut!.lift).toBeLessThanOrEqual(item!.heldOut!.high);
  });

  it('shows one optimization: report, trajectory, candidates per strategy', async () => {
    const [status, detail] = await call<OptimizationDetail>(`/api/optimizations/${optimized.id}`);
    expect(status).toBe(200);
    expect(detail.report!.winner.body).toBe(optimized.report.winner.body);
    expect(detail.report!.heldOut!.verdict).toBe(optimized.report.heldOut.verdict);
    // The winner saved in the library, as `plume optimize` printed it (a hash prefix).
    expect(detail.winnerHash!.startsWith(optimized.report.savedAs.split('@')[1]!)).toBe(true);
    // The stored trajectory is the report's, with the candidates' hashes and cost besides.
    expect(detail.trajectory.map((point) => [point.strategy, point.callsSpent])).toEqual(
      optimized.report.trajectory.map((point) => [point.strategy, point.callsSpent]),
    );
    expect(detail.trajectory.at(-1)!.candidateHash).toBe(detail.report!.winner.hash);
    const calls = detail.trajectory.map((point) => point.callsSpent);
    expect(calls).toEqual([...calls].sort((a, b) => a - b));
    expect(detail.spent.calls).toBe(optimized.report.spent.calls);
    expect(detail.strategies.map((strategy) => [strategy.name, strategy.outcome])).toEqual([
      ['edits', 'completed'],
      ['few-shot', 'completed'],
    ]);
    for (const strategy of detail.strategies) {
      expect(strategy.candidates.length).toBeGreaterThan(0);
      expect(strategy.spent!.calls).toBeGreaterThan(0);
    }
    // Every candidate tried (the starting prompt is not one) belongs to a strategy.
    const tried = detail.strategies.reduce((sum, strategy) => sum + strategy.candidates.length, 0);
    expect(detail.candidates).toBe(tried);
    expect(detail.report!.candidatesTried).toBe(detail.candidates);
    // The spending rows: baseline, each strategy, the held-out test; they add up to what was spent.
    expect(detail.spending!.map((row) => row.part)).toEqual(['baseline', 'edits', 'few-shot', 'held-out']);
    expect(detail.spending!.reduce((sum, row) => sum + row.spent.calls, 0)).toBe(detail.spent.calls);
    expect(detail.outcome).toEqual({
      saved: true,
      savedAs: optimized.report.savedAs,
      written: false,
      reason: expect.stringMatching(/^the winner beats the start on \d+ held-out tests$/),
    });
  });

  it('answers 404 with a JSON error for an unknown optimization', async () => {
    const [status, body] = await call<{ error: { code: string; message: string } }>(
      '/api/optimizations/opt-nope',
    );
    expect(status).toBe(404);
    expect(body.error.code).toBe('OPTIMIZATION_NOT_FOUND');
  });

  it('redacts secret values from what it sends', async () => {
    // A secret that happens to occur in the prompt bodies must not leave the server.
    const secret = 'Label: {{input}}';
    const leaky = await serve(optimized.project, { env: { FIXTURE_API_KEY: secret } });
    try {
      const response = await fetch(new URL(`/api/optimizations/${optimized.id}`, leaky.url));
      const text = await response.text();
      expect(optimized.report.start.body).toContain(secret);
      expect(text).not.toContain(secret);
      expect(text).toContain('[redacted:FIXTURE_API_KEY]');
    } finally {
      await leaky.close();
    }
  });

  // Last: it adds a second optimization to the store.
  it('tells which strategy the budget cut short and which it never reached', async () => {
    const args = [
      'optimize',
      'classify',
      '--strategies',
      'edits,few-shot',
      '--budget-calls',
      '250',
      '--json',
    ];
    const result = await runCli(optimized.project.root, args, ENV);
    expect(result.code).toBe(0);
    const { id } = JSON.parse(result.stdout) as { id: string };
    const [, list] = await call<OptimizationListItem[]>('/api/optimizations');
    expect(list.map((item) => item.id)).toEqual([id, optimized.id]);
    const [, detail] = await call<OptimizationDetail>(`/api/optimizations/${id}`);
    expect(detail.report!.budgetExhausted).toBe(true);
    expect(detail.strategies.map((strategy) => [strategy.name, strategy.outcome])).toEqual([
      ['edits', 'budget ran out'],
      ['few-shot', 'not reached'],
    ]);
    // The strategy cut short has its spend too, so the rows add up to what was spent.
    expect(detail.strategies[0]!.spent!.calls).toBeGreaterThan(0);
    expect(detail.spending!.reduce((sum, row) => sum + row.spent.calls, 0)).toBe(detail.spent.calls);
    expect(detail.strategies[0]!.candidates.length).toBeGreaterThan(0);
    expect(detail.strategies[1]!.candidates).toEqual([]);
    expect(detail.spent.calls).toBeLessThanOrEqual(250);
  });
});
