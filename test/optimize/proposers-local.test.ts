import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Model } from '../../src/models/model.ts';
import { createModelRegistry, type ModelRegistry } from '../../src/models/registry.ts';
import { induceInstructions, paraphraseInstruction } from '../../src/optimize/proposers/ape.ts';
import { proposeFromTrajectory } from '../../src/optimize/proposers/opro.ts';
import type { ProposalResult } from '../../src/optimize/proposers/proposal-result.ts';
import { callProposer } from '../../src/optimize/proposers/proposer-call.ts';
import { applyGradient, paraphraseBody, textualGradients } from '../../src/optimize/proposers/protegi.ts';
import type { Spend } from '../../src/optimize/proposers/spend.ts';
import { templateUnits } from '../../src/optimize/proposers/template-tags.ts';
import { openDatabase } from '../../src/store/database.ts';
import { cleanEnv, testProject } from '../models/test-project.ts';

// A real (tiny) model writing children's stories: its proposals are junk, so these tests check
// the mechanics — calls made and counted, answers parsed and repaired — not their quality.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const STORIES = resolve(repoRoot, '../shared/models/stories260K/stories260K.gguf');
const BODY = 'Tell a short story.\n\nHero: {{hero}}';
const DEMOS = [
  { input: 'a cat', output: 'The cat sat.' },
  { input: 'a dog', output: 'The dog ran.' },
];
const SHORT = { maxTokens: 48 };

let project: ReturnType<typeof testProject>;
let registry: ModelRegistry;
let model: Model;

beforeAll(async () => {
  // One thread: the machines are small and shared, and llama.cpp threads spin when starved.
  project = testProject({ local: { threads: 1, contextSize: 1024, sequences: 2 } });
  registry = createModelRegistry(project, cleanEnv({ PLUME_LOCAL_MODEL: STORIES }), {
    db: openDatabase(':memory:'),
  });
  model = await registry.get('local:default');
});

afterAll(async () => {
  await registry?.close();
  project?.dispose();
});

/** Every candidate keeps the body's placeholders; the spend counts every call, at no cost. */
function expectSound(result: ProposalResult, calls: number, count: number): void {
  expectSpend(result.spent, calls);
  expect(result.candidates.length).toBeLessThanOrEqual(count);
  expect(new Set(result.candidates).size).toBe(result.candidates.length);
  for (const candidate of result.candidates) {
    expect(candidate).not.toBe(BODY);
    expect(templateUnits(candidate).map((unit) => unit.text)).toEqual(['{{hero}}']);
  }
}

function expectSpend(spent: Spend, calls: number): void {
  expect(spent.calls).toBe(calls);
  expect(spent.inputTokens).toBeGreaterThan(20 * calls);
  expect(spent.outputTokens).toBeGreaterThan(0);
  expect(spent.outputTokens).toBeLessThanOrEqual(48 * calls);
  expect(spent.costUsd).toBe(0);
}

describe('proposers against a real local model', () => {
  it('APE induces and paraphrases instructions', async () => {
    expectSound(
      await induceInstructions(model, { demonstrations: DEMOS, original: BODY, count: 2, ...SHORT }),
      2,
      2,
    );
    const variations = await paraphraseInstruction(model, {
      instruction: 'Tell a short story.',
      original: BODY,
      count: 2,
      ...SHORT,
    });
    expectSound(variations, 2, 2);
  });

  it('OPRO proposes from a trajectory', async () => {
    const trajectory = [
      { body: BODY, score: 0.4 },
      { body: 'Write a tale.\n\nHero: {{hero}}', score: 0.6 },
    ];
    const result = await proposeFromTrajectory(model, {
      trajectory,
      demonstrations: DEMOS,
      count: 2,
      exemplars: 1,
      original: BODY,
      ...SHORT,
    });
    expectSound(result, 2, 2);
  });

  it('ProTeGi criticizes, applies a critique and paraphrases a body', async () => {
    const failures = [{ input: 'a cat', output: 'Once upon a time', expected: 'The cat sat.' }];
    const gradients = await textualGradients(model, { body: BODY, failures, count: 2, ...SHORT });
    expectSpend(gradients.spent, 1);
    expect(gradients.critiques.length).toBeLessThanOrEqual(2);
    const critique = gradients.critiques[0] ?? 'it is too vague';
    expectSound(await applyGradient(model, { body: BODY, failures, critique, count: 2, ...SHORT }), 1, 2);
    const successors = await paraphraseBody(model, { body: BODY, count: 3, ...SHORT });
    expectSound(successors, 3, 3);
  });

  it('gives each sample its own answer, and the same answers again for the same ask', async () => {
    const ask = { body: BODY, count: 2, ...SHORT, sample: 100 };
    const first = await paraphraseBody(model, ask);
    const again = await paraphraseBody(model, ask);
    expect(again).toEqual(first);
    const answers = await Promise.all(
      [0, 1, 2].map((sample) =>
        callProposer(model, 'Tell me a story about a frog.', { sample, maxTokens: 24 }),
      ),
    );
    expect(new Set(answers.map((answer) => answer.text)).size).toBe(3);
  });
});
