import { afterEach, describe, expect, it } from 'vitest';
import { Library } from '../../src/library/library.ts';
import { simTrueAccuracy } from '../../src/models/sim/sim-truth.ts';
import type { OptimizationReport } from '../../src/optimize/optimize-prompt.ts';
import type { Message } from '../../src/spec/model.ts';
import type { TempProject } from '../helpers/temp-project.ts';
import { runOptimization, testSettings } from './run-optimization.ts';
import { LABELS, simProject } from './sim-project.ts';

const NO_EFFECTS = {
  effects: {
    role: 0,
    'task-statement': 0,
    'output-format': 0,
    delimiters: 0,
    'chain-of-thought': 0,
    'step-decomposition': 0,
    'self-check': 0,
    constraints: 0,
    'audience-tone': 0,
  },
  demonstrations: { perCorrect: 0, perWrong: 0 },
  length: { perHundredWords: 0 },
};

/** The sim's true accuracy of a prompt body over a project's tests. */
async function trueAccuracy(
  project: TempProject,
  body: string,
  settings: Record<string, unknown>,
  tests: number,
) {
  const library = Library.open(project.project(), { cwd: project.root, env: {} });
  try {
    const prompt = await library.draft('classify', body);
    const vars = Array.from({ length: tests }, (_, index) => ({
      input: `customer review number ${index}`,
      label: LABELS[index % 3]!,
    }));
    const messages: Message[][] = [];
    for (const entry of vars) messages.push((await prompt.render(entry)).messages);
    return simTrueAccuracy({ labels: LABELS, ...settings }, 'classify', messages, vars);
  } finally {
    library.close();
  }
}

describe('plume optimize on the sim test instrument', () => {
  let projects: TempProject[] = [];
  afterEach(() => {
    for (const project of projects) project.cleanup();
    projects = [];
  });
  const make = (settings: Record<string, unknown>, tests: number) => {
    const project = simProject({ settings, tests });
    projects.push(project);
    return project;
  };

  it('finds the planted effect within the budget and proves it on held-out tests', async () => {
    // A role sentence is worth +1.5 logits; nothing else matters.
    const sim = { ...NO_EFFECTS, seed: 5, base: 0.35, effects: { ...NO_EFFECTS.effects, role: 1.5 } };
    const project = make(sim, 300);
    const { report, close } = await runOptimization(
      project,
      testSettings(project, { budget: { calls: 1500 } }),
    );
    close();
    expect(report.spent.calls).toBeLessThanOrEqual(1500);
    const start = await trueAccuracy(project, report.start.body, sim, 300);
    const winner = await trueAccuracy(project, report.winner.body, sim, 300);
    const planted =
      (await trueAccuracy(project, `You are an expert assistant.\n\n${report.start.body}`, sim, 300)) - start;
    expect(planted).toBeGreaterThan(0.25);
    expect(winner - start).toBeGreaterThan(0.8 * planted);
    expect(report.heldOut?.significant).toBe(true);
    expect(report.heldOut?.lift).toBeGreaterThan(0);
  });

  it('claims a significant win on held-out tests no more often than α when nothing helps', async () => {
    const runs = 40;
    let claims = 0;
    let validationGains = 0;
    for (let run = 0; run < runs; run++) {
      const project = make({ ...NO_EFFECTS, seed: 100 + run, base: 0.6 }, 120);
      const { report, close } = await runOptimization(
        project,
        testSettings(project, {
          seed: run,
          budget: { calls: 400 },
          search: { candidates: 6, iterations: 2, minBatch: 8, exhaustive: false },
        }),
      );
      close();
      project.cleanup();
      if (report.heldOut?.significant) claims++;
      if (
        report.winner.body !== report.start.body &&
        report.winner.validationMean > report.start.validationMean
      )
        validationGains++;
    }
    projects = [];
    // Under no effect a claim is a false positive; at α = 0.05 (two-sided, wins only) about 1 in 40.
    // P(6 or more of 40 | rate 0.05) is about 0.05, so this fails when the held-out test leaks.
    expect(claims).toBeLessThanOrEqual(5);
    // The search itself does find "better" prompts by chance on validation: that is why the held-out test exists.
    expect(validationGains).toBeGreaterThan(claims);
  }, 120_000);

  it('never spends more than its budget, and still runs the held-out test it reserved', async () => {
    const project = make({ seed: 2, base: 0.4 }, 200);
    // The least token budget at worst-case prices, read from a first run's report.
    const first = await runOptimization(project, testSettings(project, { budget: { calls: 300 } }));
    first.close();
    const minimumTokens = first.report.minimum.total.inputTokens + first.report.minimum.total.outputTokens;
    for (const budget of [{ calls: 300 }, { tokens: minimumTokens }]) {
      const { report, close } = await runOptimization(
        project,
        testSettings(project, { budget, strategies: ['edits', 'few-shot'] }),
      );
      close();
      if (budget.calls !== undefined) expect(report.spent.calls).toBeLessThanOrEqual(budget.calls);
      if (budget.tokens !== undefined)
        expect(report.spent.inputTokens + report.spent.outputTokens).toBeLessThanOrEqual(budget.tokens);
      // Tokens are held at their worst case but spent at far less: only the call budget runs out.
      if (budget.calls !== undefined) expect(report.budgetExhausted).toBe(true);
      expect(report.heldOut?.tests).toBe(report.split.test);
    }
  });

  it('resumes a stopped optimization where it stopped and ends as an uninterrupted one', async () => {
    const sim = { seed: 4, base: 0.4, effects: { role: 1.0 } };
    const settings = (project: TempProject) =>
      testSettings(project, { strategies: ['edits', 'few-shot'], budget: { calls: 900 } });
    const whole = make(sim, 200);
    const reference = await runOptimization(whole, settings(whole));
    reference.close();

    const project = make(sim, 200);
    const abort = new AbortController();
    let steps = 0;
    let id: string | undefined;
    await expect(
      runOptimization(project, settings(project), {
        signal: abort.signal,
        onEvent: (event) => {
          if (event.type === 'started') id = event.id;
          if (event.type === 'step' && ++steps === 3) abort.abort();
        },
      }),
    ).rejects.toThrow();
    expect(id).toBeDefined();
    const resumed = await runOptimization(project, settings(project), { resume: id! });
    resumed.close();
    const summary = (report: OptimizationReport) => ({
      winner: report.winner.hash,
      spent: report.spent.calls,
      heldOut: report.heldOut?.lift,
      trajectory: report.trajectory.map((point) => [point.strategy, point.score, point.callsSpent]),
    });
    expect(resumed.report.id).toBe(id);
    expect(summary(resumed.report)).toEqual(summary(reference.report));
  });
});
