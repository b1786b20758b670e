import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getTechnique } from '../../src/library/techniques/catalogue.ts';
import { startOpenAIStubServer } from '../helpers/openai-stub-server.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';
import { runOptimization, testSettings } from './run-optimization.ts';
import { simProject } from './sim-project.ts';

/** Every technique's effect off: only what a test plants matters. */
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

const formatDetected = (text: string) => getTechnique('output-format').detect(text);
/**
 * The search as `plume optimize` runs it by default (a first rung of 16 tests: with 31 additions
 * in one race, 8 tests leave a good candidate too likely to be cut by chance), with room for
 * every addition and the rounds after.
 */
const SEARCH = { candidates: 8, iterations: 3, minBatch: 16, exhaustive: false };
const BUDGET = 2500;

/** The part of a body before its `{{input}}`. */
const beforeInput = (body: string) => body.slice(0, body.indexOf('{{input}}'));

describe('the edit search finds planted effects of placement and phrasing', () => {
  let projects: TempProject[] = [];
  afterEach(() => {
    for (const project of projects) project.cleanup();
    projects = [];
  });

  it.each([3, 4, 5])(
    'sim: an output format that helps only before the input is found from a prompt whose input comes first (seed %i)',
    async (seed) => {
      const sim = {
        ...NO_EFFECTS,
        seed,
        base: 0.35,
        effects: { ...NO_EFFECTS.effects, 'output-format': 1.5 },
        placement: { 'output-format': 'before-input' },
      };
      const project = simProject({ settings: sim, tests: 300 });
      projects.push(project);
      const { report, close } = await runOptimization(
        project,
        testSettings(project, { budget: { calls: BUDGET }, search: SEARCH }),
      );
      close();
      expect(report.spent.calls).toBeLessThanOrEqual(BUDGET);
      expect(report.start.body).toBe('Label: {{input}}\n');
      expect(formatDetected(beforeInput(report.winner.body))).toBe(true);
      expect(report.winner.body).toContain('Label: {{input}}');
      expect(report.heldOut?.significant).toBe(true);
    },
  );

  it.each([4, 5, 6, 7, 8])(
    'sim: a wording rewarded on its own is found though the technique, in its other wordings, does nothing (seed %i)',
    async (seed) => {
      const sim = {
        ...NO_EFFECTS,
        seed,
        base: 0.35,
        phrases: [{ text: 'respond in exactly this format', effect: 1.5 }],
      };
      const project = simProject({ settings: sim, tests: 300 });
      projects.push(project);
      const settings = testSettings(project, { budget: { calls: BUDGET }, search: SEARCH, seed });
      const { report, close } = await runOptimization(project, settings);
      close();
      expect(report.spent.calls).toBeLessThanOrEqual(BUDGET);
      expect(report.winner.body.toLowerCase()).toContain('respond in exactly this format');
      expect(report.heldOut?.significant).toBe(true);
    },
  );

  it('a local stub model that answers well only with an answer-format instruction before the input', async () => {
    const labels = ['positive', 'negative', 'neutral'];
    // Correct on 85% of the inputs when the request states the answer format before the review,
    // on 30% otherwise; which inputs is fixed by a hash, so a prompt's accuracy is a property of it.
    const server = await startOpenAIStubServer({
      recordRequests: false,
      respond(request) {
        const text = (request.body.messages ?? []).map((message) => String(message.content)).join('\n\n');
        const review = /customer review number \d+/.exec(text)?.[0] ?? '';
        const gold = labels[Number(/\d+$/.exec(review)?.[0] ?? 0) % 3]!;
        const placed = formatDetected(text.slice(0, text.indexOf(review)));
        const draw = createHash('sha256').update(review).digest().readUInt32BE(0) / 2 ** 32;
        const right = draw < (placed ? 0.85 : 0.3);
        return { text: right ? gold : labels[(labels.indexOf(gold) + 1) % 3]! };
      },
    });
    try {
      const project = createTempProject(
        { 'classify.prompt': 'Label: {{input}}\n' },
        `prompts: prompts\ncache: { enabled: false }\nproviders:\n  stub:\n    type: openai-compatible\n    baseURL: ${server.baseURL}\n`,
      );
      projects.push(project);
      const tests = Array.from({ length: 300 }, (_, index) => ({
        vars: { input: `customer review number ${index}`, label: labels[index % 3]! },
      }));
      writeFileSync(join(project.root, 'tests.jsonl'), tests.map((test) => JSON.stringify(test)).join('\n'));
      writeFileSync(
        join(project.root, 'plume.suite.json'),
        JSON.stringify({
          prompts: ['classify'],
          models: [{ id: 'stub:tiny', config: { temperature: 0 } }],
          defaultTest: { assert: [{ type: 'equals', value: '{{label}}' }] },
          tests: 'file://tests.jsonl',
        }),
      );
      const settings = testSettings(project, {
        model: 'stub:tiny',
        budget: { calls: BUDGET },
        search: SEARCH,
      });
      const { report, close } = await runOptimization(project, settings);
      close();
      expect(report.spent.calls).toBeLessThanOrEqual(BUDGET);
      expect(formatDetected(beforeInput(report.winner.body))).toBe(true);
      expect(report.heldOut?.significant).toBe(true);
      expect(report.heldOut?.lift).toBeGreaterThan(0.3);
    } finally {
      await server.close();
    }
  }, 60_000);
});
