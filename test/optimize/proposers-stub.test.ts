import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Model } from '../../src/models/model.ts';
import type { ModelRegistry } from '../../src/models/registry.ts';
import { createModelRegistry } from '../../src/models/registry.ts';
import { induceInstructions, paraphraseInstruction } from '../../src/optimize/proposers/ape.ts';
import { proposeFromTrajectory } from '../../src/optimize/proposers/opro.ts';
import { callProposer } from '../../src/optimize/proposers/proposer-call.ts';
import { applyGradient, paraphraseBody, textualGradients } from '../../src/optimize/proposers/protegi.ts';
import type { ModelParams } from '../../src/spec/model.ts';
import { openDatabase } from '../../src/store/database.ts';
import {
  type OpenAIStubServer,
  type StubRequest,
  startOpenAIStubServer,
} from '../helpers/openai-stub-server.ts';
import { cleanEnv, FAST_RETRY, testProject } from '../models/test-project.ts';

// $2 and $8 per million tokens: a call of 1000 in and 100 out costs $0.0028.
const PRICE = { input: 2, output: 8 };
const CALL_COST = (1000 * 2 + 100 * 8) / 1e6;
const USAGE = { promptTokens: 1000, completionTokens: 100 };
const BODY = 'Classify the sentiment of the review.\n\nReview: {{review}}\nSentiment:';
const DEMOS = Array.from({ length: 8 }, (_, index) => ({
  input: `review number ${index}`,
  output: `label ${index}`,
}));

let stub: OpenAIStubServer;
let project: ReturnType<typeof testProject>;
let registry: ModelRegistry;

async function proposer(params: ModelParams = {}): Promise<Model> {
  project = testProject({
    providers: { stub: { type: 'openai-compatible', baseURL: stub.baseURL, maxRetries: 0 } },
    prices: { 'stub:proposer': PRICE },
  });
  registry = createModelRegistry(project, cleanEnv(), { db: openDatabase(':memory:'), retry: FAST_RETRY });
  return registry.get({ provider: 'stub', model: 'proposer', params });
}

/** The meta-prompt a request carried: its only user message. */
function metaPrompt(request: StubRequest): string {
  const messages = request.body.messages ?? [];
  expect(messages).toHaveLength(1);
  expect(messages[0]!.role).toBe('user');
  return String(messages[0]!.content);
}

beforeEach(async () => {
  stub = await startOpenAIStubServer();
});
afterEach(async () => {
  await registry?.close();
  project?.dispose();
  await stub.close();
});

describe('callProposer', () => {
  it('sends one user message at temperature 0.7 and counts tokens and cost', async () => {
    const model = await proposer();
    stub.script({ text: 'an answer', usage: USAGE });
    const answer = await callProposer(model, 'the meta-prompt', { maxTokens: 64 });
    expect(answer.text).toBe('an answer');
    expect(answer.usage).toEqual({ calls: 1, inputTokens: 1000, outputTokens: 100, costUsd: CALL_COST });
    expect(stub.requests[0]!.body).toMatchObject({ temperature: 0.7, max_tokens: 64 });
    expect(metaPrompt(stub.requests[0]!)).toBe('the meta-prompt');
  });

  it('counts a cached answer as a call costing nothing; another sample index is a new call', async () => {
    const model = await proposer();
    stub.script({ text: 'first', usage: USAGE }, { text: 'second', usage: USAGE });
    await callProposer(model, 'same', { temperature: 1 });
    const cached = await callProposer(model, 'same', { temperature: 1 });
    expect(cached.text).toBe('first');
    expect(cached.usage).toEqual({ calls: 1, inputTokens: 1000, outputTokens: 100, costUsd: 0 });
    expect((await callProposer(model, 'same', { temperature: 1, sample: 1 })).text).toBe('second');
    expect(stub.requestCount).toBe(2);
  });

  it('makes the sample index the seed, added to a pinned one', async () => {
    const model = await proposer();
    await callProposer(model, 'unpinned', { sample: 3 });
    expect(stub.requests[0]!.body.seed).toBe(3);
    const pinned = await registry.get({ provider: 'stub', model: 'proposer', params: { seed: 40 } });
    await callProposer(pinned, 'seeded', { sample: 2 });
    expect(stub.requests[1]!.body.seed).toBe(42);
  });
});

describe('APE', () => {
  it('induces instructions from demonstrations and composes them with the input part', async () => {
    const model = await proposer();
    stub.script(
      { text: 'Label the review.</prompt>', usage: USAGE },
      { text: 'Label the review.', usage: USAGE },
      { text: 'Name the mood of {{review}} for {{user}}</prompt>', usage: USAGE },
    );
    const result = await induceInstructions(model, {
      demonstrations: DEMOS,
      original: BODY,
      count: 3,
      maxDemonstrations: 3,
    });
    expect(new Set(result.candidates)).toEqual(
      new Set(['Label the review.\n\nReview: {{review}}', 'Name the mood of {{review}} for']),
    );
    expect(result.spent).toEqual({ calls: 3, inputTokens: 3000, outputTokens: 300, costUsd: 3 * CALL_COST });
    const prompts = stub.requests.map(metaPrompt);
    for (const prompt of prompts) {
      expect(prompt).toMatch(
        /^I gave a friend an instruction and some inputs\. The friend read the instruction/,
      );
      expect(prompt.endsWith('The instruction was <prompt>')).toBe(true);
      expect(prompt.match(/^Input: review number \d$/gm)).toHaveLength(3);
      expect(prompt).not.toContain('{{review}}');
    }
    // Each call shows its own sample of the demonstrations.
    expect(new Set(prompts).size).toBeGreaterThan(1);
    expect(stub.requests.map((request) => request.body.stop)).toEqual([
      ['</prompt>'],
      ['</prompt>'],
      ['</prompt>'],
    ]);
  });

  it('shows the same demonstrations again for the same seed and samples', async () => {
    const model = await proposer();
    await induceInstructions(model, { demonstrations: DEMOS, original: BODY, count: 2, seed: 3, sample: 10 });
    const first = stub.requests.map(metaPrompt).sort();
    await registry.close();
    project.dispose();
    const again = await proposer();
    await induceInstructions(again, { demonstrations: DEMOS, original: BODY, count: 2, seed: 3, sample: 10 });
    expect(stub.requests.slice(2).map(metaPrompt).sort()).toEqual(first);
  });

  it('paraphrases an instruction, one call per variation, dropping repeats of it', async () => {
    const model = await proposer();
    stub.script(
      { text: 'Tell the feeling of the review.</prompt>' },
      { text: 'Classify the sentiment of the review.' },
      { text: 'Tell the feeling of the review.' },
      { text: '??' },
    );
    const result = await paraphraseInstruction(model, {
      instruction: 'Classify the sentiment of the review.',
      original: BODY,
      count: 4,
    });
    expect(result.candidates).toEqual(['Tell the feeling of the review.\n\nReview: {{review}}']);
    expect(result.spent.calls).toBe(4);
    const prompt = metaPrompt(stub.requests[0]!);
    expect(prompt).toBe(
      'Generate a variation of the following instruction while keeping the semantic meaning.\n\nInput: Classify the sentiment of the review.\n\nOutput: <prompt>',
    );
    expect(new Set(stub.requests.map(metaPrompt)).size).toBe(1);
  });

  it('asks to keep the placeholders when the instruction is a whole body', async () => {
    const model = await proposer();
    stub.script({ text: 'Find the mood.\n\nReview: {{review}}</prompt>' });
    const result = await paraphraseInstruction(model, { instruction: BODY, original: BODY, count: 1 });
    expect(result.candidates).toEqual(['Find the mood.\n\nReview: {{review}}']);
    expect(metaPrompt(stub.requests[0]!)).toContain(
      'keeping the semantic meaning. Keep these template placeholders exactly as written, where the input goes: {{review}}.',
    );
  });

  it('returns bare variations when no original is given', async () => {
    const model = await proposer();
    stub.script({ text: 'Say how the {{text}} feels.' });
    const result = await paraphraseInstruction(model, { instruction: 'Classify it.', count: 1 });
    expect(result.candidates).toEqual(['Say how the  feels.']);
  });
});

describe('OPRO', () => {
  const trajectory = Array.from({ length: 25 }, (_, index) => ({
    body: `Prompt ${index} about {{review}}`,
    score: ((index * 7) % 25) / 25,
  }));

  it('lists the best prompts in ascending order of score, capped, with exemplars', async () => {
    const model = await proposer();
    stub.script({ text: '<prompt>Brand new {{review}}</prompt>', usage: USAGE });
    const result = await proposeFromTrajectory(model, {
      trajectory,
      demonstrations: DEMOS,
      count: 1,
      maxTrajectory: 5,
    });
    expect(result.candidates).toEqual(['Brand new {{review}}']);
    expect(result.spent).toEqual({ calls: 1, inputTokens: 1000, outputTokens: 100, costUsd: CALL_COST });
    const prompt = metaPrompt(stub.requests[0]!);
    const scores = [...prompt.matchAll(/^score:\n(\d+)$/gm)].map((found) => Number(found[1]));
    expect(scores).toEqual([80, 84, 88, 92, 96]);
    const texts = [...prompt.matchAll(/^text:\n(.*)$/gm)].map((found) => found[1]);
    const best = [...trajectory].sort((left, right) => left.score - right.score).slice(-5);
    expect(texts).toEqual(best.map((entry) => entry.body));
    expect(prompt.match(/^Input: review number/gm)).toHaveLength(3);
    expect(prompt).toContain('ascending order');
    expect(prompt).toContain('different from all the prompts above and has a higher score');
    expect(prompt).toContain('{{review}}');
    expect(prompt).toContain('between <prompt> and </prompt>');
  });

  it('keeps 20 earlier prompts by default, best last, one entry per body', async () => {
    const model = await proposer();
    const repeated = [...trajectory, { body: 'Prompt 0 about {{review}}', score: 0.99 }];
    await proposeFromTrajectory(model, { trajectory: repeated, demonstrations: [], count: 1 });
    const prompt = metaPrompt(stub.requests[0]!);
    const scores = [...prompt.matchAll(/^score:\n(\d+)$/gm)].map((found) => Number(found[1]));
    expect(scores).toHaveLength(20);
    expect(scores).toEqual([...scores].sort((left, right) => left - right));
    expect(scores.at(-1)).toBe(99);
    expect(prompt.match(/Prompt 0 about/g)).toHaveLength(1);
    expect(prompt).not.toContain('examples of the task');
  });

  it('starts from the original when nothing is scored yet, and needs one or the other', async () => {
    const model = await proposer();
    stub.script({ text: '<prompt>Judge {{review}}</prompt>' });
    const result = await proposeFromTrajectory(model, {
      trajectory: [],
      original: BODY,
      demonstrations: [],
      count: 1,
    });
    expect(result.candidates).toEqual(['Judge {{review}}']);
    const prompt = metaPrompt(stub.requests[0]!);
    expect(prompt).toContain(`Here is the current prompt, not scored yet:\n\ntext:\n${BODY}`);
    expect(prompt).not.toContain('score:');
    await expect(
      proposeFromTrajectory(model, { trajectory: [], demonstrations: [], count: 1 }),
    ).rejects.toMatchObject({
      code: 'USAGE',
    });
  });

  it('asks count times, drops earlier prompts and repeats, repairs placeholders', async () => {
    const model = await proposer();
    stub.script(
      { text: '<prompt>Prompt 3 about {{review}}</prompt>' },
      { text: '<prompt>Fresh one</prompt>' },
      { text: '<prompt>Fresh   one</prompt>' },
    );
    const result = await proposeFromTrajectory(model, { trajectory, demonstrations: DEMOS, count: 3 });
    expect(result.candidates).toEqual(['Fresh one\n\n{{review}}']);
    expect(result.spent.calls).toBe(3);
    expect(new Set(stub.requests.map(metaPrompt)).size).toBe(1);
  });
});

describe('ProTeGi', () => {
  const failures = Array.from({ length: 10 }, (_, index) => ({
    input: `failing input ${index}`,
    output: `wrong answer ${index}`,
    expected: `right answer ${index}`,
    reason: `mismatch ${index}`,
  }));

  it('asks for N reasons with a sample of the failures and reads the critiques', async () => {
    const model = await proposer();
    stub.script({
      text: '<critique>It never says which labels exist.</critique> and <critique>The review may be sarcastic here.</critique><critique>x</critique>',
      usage: USAGE,
    });
    const result = await textualGradients(model, { body: BODY, failures, count: 3 });
    expect(result.critiques).toEqual([
      'It never says which labels exist.',
      'The review may be sarcastic here.',
    ]);
    expect(result.spent).toEqual({ calls: 1, inputTokens: 1000, outputTokens: 100, costUsd: CALL_COST });
    const prompt = metaPrompt(stub.requests[0]!);
    expect(prompt).toContain(`My current prompt is:\n"""\n${BODY}\n"""`);
    expect(prompt).toContain('Give 3 reasons why the prompt could have gotten these examples wrong.');
    expect(prompt.match(/^Input: failing input \d$/gm)).toHaveLength(4);
    expect(prompt).toMatch(
      /Answer given: wrong answer \d\nExpected: right answer \d\nWhy it is wrong: mismatch \d/,
    );
  });

  it('quotes the same failures for the same seed in both steps, and other ones for another seed', async () => {
    const model = await proposer();
    const shown = (prompt: string) => prompt.match(/failing input \d/g);
    await textualGradients(model, { body: BODY, failures, count: 2, seed: 5, maxFailures: 3 });
    await applyGradient(model, {
      body: BODY,
      failures,
      critique: 'too vague',
      count: 2,
      seed: 5,
      maxFailures: 3,
    });
    await textualGradients(model, { body: BODY, failures, count: 2, seed: 6, maxFailures: 3 });
    const [gradient, edit, other] = stub.requests.map(metaPrompt);
    expect(shown(gradient!)).toHaveLength(3);
    expect(shown(edit!)).toEqual(shown(gradient!));
    expect(shown(other!)).not.toEqual(shown(gradient!));
  });

  it('reads a numbered list when the critiques are untagged', async () => {
    const model = await proposer();
    stub.script({ text: 'Reasons:\n1. It lacks a list of labels.\n2) It does not mention sarcasm at all.' });
    const result = await textualGradients(model, { body: BODY, failures, count: 5 });
    expect(result.critiques).toEqual(['It lacks a list of labels.', 'It does not mention sarcasm at all.']);
  });

  it('applies a critique in one call, returning repaired, deduplicated prompts', async () => {
    const model = await proposer();
    stub.script({
      text: '<prompt>Label {{review}} as positive or negative.</prompt><prompt>Label {{review}} as positive or negative.</prompt><prompt>Say positive or negative for {{other}}</prompt>',
      usage: USAGE,
    });
    const result = await applyGradient(model, {
      body: BODY,
      failures,
      critique: 'It never says which labels exist.',
      count: 4,
    });
    expect(result.candidates).toEqual([
      'Label {{review}} as positive or negative.',
      'Say positive or negative for\n\n{{review}}',
    ]);
    expect(result.spent.calls).toBe(1);
    const prompt = metaPrompt(stub.requests[0]!);
    expect(prompt).toContain(
      'Based on these examples the problem with this prompt is that It never says which labels exist.',
    );
    expect(prompt).toContain('write 4 different improved prompts');
    expect(prompt).toContain('{{review}}');
    expect(prompt.match(/^Example \d:$/gm)).toHaveLength(4);
  });

  it('paraphrases a whole body keeping its placeholders', async () => {
    const model = await proposer();
    stub.script(
      { text: 'Decide the sentiment.\n\nReview: {{review}}</prompt>', usage: USAGE },
      { text: '', usage: USAGE },
    );
    const result = await paraphraseBody(model, { body: BODY, count: 2 });
    expect(result.candidates).toEqual(['Decide the sentiment.\n\nReview: {{review}}']);
    expect(result.spent).toEqual({ calls: 2, inputTokens: 2000, outputTokens: 200, costUsd: 2 * CALL_COST });
    const prompt = metaPrompt(stub.requests[0]!);
    expect(prompt).toContain(
      'keeping the semantic meaning. Keep these template placeholders exactly as written',
    );
    expect(prompt).toContain(`Input: ${BODY}`);
  });
});

describe('every proposer with junk, failures and aborts', () => {
  it('returns no candidates, but counts the calls, when every answer is junk', async () => {
    const model = await proposer();
    stub.script({ text: '' }, { text: '<prompt>' }, { text: 'ok' });
    const junk = await induceInstructions(model, { demonstrations: DEMOS, original: BODY, count: 3 });
    expect(junk.candidates).toEqual([]);
    expect(junk.spent.calls).toBe(3);
    stub.script({ text: '</critique><critique>' });
    const critiques = await textualGradients(model, { body: BODY, failures: [], count: 2 });
    expect(critiques).toMatchObject({ critiques: [], spent: { calls: 1 } });
    stub.script({ text: '</prompt>' });
    const edits = await applyGradient(model, { body: BODY, failures: [], critique: 'c', count: 2 });
    expect(edits).toMatchObject({ candidates: [], spent: { calls: 1 } });
  });

  it('refuses a count outside 1 to 20 before calling', async () => {
    const model = await proposer();
    await expect(paraphraseBody(model, { body: BODY, count: 0 })).rejects.toMatchObject({ code: 'USAGE' });
    await expect(
      proposeFromTrajectory(model, { trajectory: [{ body: BODY, score: 1 }], demonstrations: [], count: 21 }),
    ).rejects.toMatchObject({ code: 'USAGE' });
    await expect(
      induceInstructions(model, { demonstrations: [], original: BODY, count: 1 }),
    ).rejects.toMatchObject({
      code: 'USAGE',
    });
    expect(stub.requestCount).toBe(0);
  });

  it('throws a provider error after the other calls have settled', async () => {
    const model = await proposer();
    stub.script({ text: '<prompt>ok</prompt>' }, { status: 400, errorMessage: 'bad request' });
    await expect(paraphraseBody(model, { body: BODY, count: 2 })).rejects.toMatchObject({
      code: 'PROVIDER_REQUEST',
    });
    expect(stub.requestCount).toBe(2);
  });

  it('makes no call once aborted, and resolves with what was answered when aborted midway', async () => {
    const model = await proposer();
    const aborted = await paraphraseBody(model, { body: BODY, count: 3, signal: AbortSignal.abort() });
    expect(aborted).toEqual({
      candidates: [],
      spent: { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 },
    });
    expect(stub.requestCount).toBe(0);
    const controller = new AbortController();
    stub.script({ text: 'Decide the sentiment of {{review}}', usage: USAGE }, { hang: true });
    const pending = paraphraseBody(model, { body: BODY, count: 2, signal: controller.signal });
    await until(() => stub.requestCount === 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    const partial = await pending;
    expect(partial.candidates).toEqual(['Decide the sentiment of {{review}}']);
    expect(partial.spent).toEqual({ calls: 1, inputTokens: 1000, outputTokens: 100, costUsd: CALL_COST });
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let tries = 0; tries < 200 && !condition(); tries++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}
