import { describe, expect, it } from 'vitest';
import { getTechnique, TECHNIQUES } from '../../src/library/techniques/catalogue.ts';
import { createSimModel } from '../../src/models/providers/sim.ts';
import { type Candidate, makeCandidate } from '../../src/optimize/candidate.ts';
import type { OptimizationTest, TestOutcome } from '../../src/optimize/evaluator.ts';
import { cannotWin, type RaceEvaluator, race } from '../../src/optimize/race.ts';
import type { SuiteTest } from '../../src/spec/suite.ts';
import { LABELS } from './sim-project.ts';

const BASE = 'Label: {{input}}';

function tests(count: number): OptimizationTest[] {
  return Array.from({ length: count }, (_, index) => ({
    test: {
      id: `t${index}`,
      vars: { input: `review ${index}`, label: LABELS[index % 3]! },
    } as unknown as SuiteTest,
    assertions: {
      checks: [],
      comparisons: [],
      threshold: undefined,
      needsModels: new Set(),
      judgeProviders: new Set(),
      needsCode: false,
      needsDataCode: false,
    },
  }));
}

/** Scores candidates with the sim directly (a pass is the gold label); counts the calls. */
function simEvaluator(settings: Record<string, unknown>): RaceEvaluator & { calls: number } {
  const model = createSimModel('classify');
  const cache = new Map<string, TestOutcome>();
  const evaluator = {
    calls: 0,
    async evaluate(candidate: Candidate, list: readonly OptimizationTest[]) {
      const outcomes: TestOutcome[] = [];
      for (const { test } of list) {
        const key = `${candidate.hash}:${test.id}`;
        let outcome = cache.get(key);
        if (outcome === undefined) {
          evaluator.calls++;
          const content = candidate.body.replace('{{input}}', String(test.vars.input));
          const answer = await model.generate({
            messages: [{ role: 'user', content }],
            params: { temperature: 0, sim: { labels: LABELS, ...settings } },
            vars: test.vars,
          });
          const pass = answer.text === test.vars.label ? 1 : 0;
          outcome = { testId: test.id, pass, score: pass, output: answer.text };
          cache.set(key, outcome);
        }
        outcomes.push(outcome);
      }
      return outcomes;
    },
  };
  return evaluator;
}

describe('racing candidates', () => {
  it('reaches the winner of exhaustive evaluation with well under half the calls', async () => {
    // One technique is worth a lot (+1.5 logits); the others a little or nothing.
    const effects = Object.fromEntries(
      TECHNIQUES.filter((technique) => technique.id !== 'few-shot').map((technique, index) => [
        technique.id,
        (index % 3) * 0.1,
      ]),
    );
    const settings = { seed: 11, base: 0.4, effects: { ...effects, 'chain-of-thought': 1.5 } };
    const all = [
      makeCandidate(BASE, { strategy: 'start', description: 'start', parent: undefined }),
      ...TECHNIQUES.filter((technique) => technique.id !== 'few-shot').map((technique) =>
        makeCandidate(getTechnique(technique.id).apply(BASE), {
          strategy: 'test',
          description: technique.id,
          parent: undefined,
        }),
      ),
    ];
    const candidates = [...new Map(all.map((candidate) => [candidate.hash, candidate])).values()];
    const validation = tests(400);
    const exhaustive = simEvaluator(settings);
    const full = await race(candidates, { evaluator: exhaustive, tests: validation, exhaustive: true });
    const racing = simEvaluator(settings);
    const raced = await race(candidates, { evaluator: racing, tests: validation, minBatch: 16 });
    expect(full.winner.candidate.origin.description).toBe('chain-of-thought');
    expect(raced.winner.candidate.hash).toBe(full.winner.candidate.hash);
    expect(exhaustive.calls).toBe(candidates.length * 400);
    expect(racing.calls).toBeLessThan(0.5 * exhaustive.calls);
    expect(raced.standings.filter((standing) => standing.tests < 400).length).toBeGreaterThan(
      candidates.length / 2,
    );
  });

  it('drops a candidate only when its paired interval lies below the leader', () => {
    const outcomes = (passes: number[]) =>
      passes.map((pass, index) => ({ testId: `${index}`, pass, score: pass, output: '' }));
    const leader = outcomes(Array(40).fill(1));
    expect(cannotWin(outcomes(Array(40).fill(0)), leader, 1.645)).toBe(true);
    expect(cannotWin(outcomes([...Array(38).fill(1), 0, 0]), leader, 1.645)).toBe(false);
    // A handful of tests is never proof.
    expect(cannotWin(outcomes([0, 0, 0]), outcomes([1, 1, 1]), 1.645)).toBe(false);
  });

  it('keeps the incumbent on ties', async () => {
    const evaluator: RaceEvaluator = {
      async evaluate(_candidate, list) {
        return list.map(({ test }) => ({ testId: test.id, pass: 1, score: 1, output: '' }));
      },
    };
    const first = makeCandidate('A {{input}}', { strategy: 'start', description: 'a', parent: undefined });
    const second = makeCandidate('B {{input}}', { strategy: 'test', description: 'b', parent: undefined });
    const result = await race([first, second], { evaluator, tests: tests(32) });
    expect(result.winner.candidate).toBe(first);
  });

  it('scores a lone survivor on until it has the tests a winner needs', async () => {
    // The leader passes everything, the rest nothing: they are dropped at the first rung.
    const leaderBody = 'A {{input}}';
    const evaluator: RaceEvaluator = {
      async evaluate(candidate, list) {
        const pass = candidate.body === leaderBody ? 1 : 0;
        return list.map(({ test }) => ({ testId: test.id, pass, score: pass, output: '' }));
      },
    };
    const field = ['B', 'C', 'D', 'E'].map((name) =>
      makeCandidate(`${name} {{input}}`, { strategy: 'test', description: name, parent: undefined }),
    );
    const leader = makeCandidate(leaderBody, { strategy: 'test', description: 'a', parent: undefined });
    const alone = await race([...field, leader], { evaluator, tests: tests(100), minBatch: 16 });
    expect(alone.winner.candidate).toBe(leader);
    expect(alone.winner.tests).toBe(16);
    const held = await race([...field, leader], {
      evaluator,
      tests: tests(100),
      minBatch: 16,
      minWinnerTests: 70,
    });
    expect(held.winner.candidate).toBe(leader);
    expect(held.winner.tests).toBe(70);
    expect(held.rungs.map((rung) => rung.tests)).toEqual([16, 70]);
  });
});
