import { describe, expect, it } from 'vitest';
import type { JudgeFunction } from '../../../src/eval/assertions/assertion-context.ts';
import { compareOutputs } from '../../../src/eval/assertions/compare-outputs.ts';
import { compileAssertions } from '../../../src/eval/assertions/compile-assertions.ts';
import { evaluateAssertions } from '../../../src/eval/assertions/evaluate-assertions.ts';
import { summarizeResults } from '../../../src/eval/assertions/summarize-results.ts';
import type { GenerateRequest, ServiceModelRef } from '../../../src/spec/model.ts';
import { cellContext, check } from './cell-context.ts';

/** A judge that answers from a function of the request and records what it was asked. */
function fakeJudge(answer: (request: GenerateRequest) => string) {
  const calls: { request: GenerateRequest; provider: ServiceModelRef | undefined }[] = [];
  const judge: JudgeFunction = async (request, provider) => {
    calls.push({ request, provider });
    return {
      text: answer(request),
      usage: { inputTokens: 50, outputTokens: 20 },
      finishReason: 'stop',
      modelId: 'fake:judge',
      latencyMs: 1,
      costUsd: 0,
      cached: false,
    };
  };
  return { judge, calls };
}

const userMessage = (request: GenerateRequest) => request.messages.find((m) => m.role === 'user')!.content;
const rubric = { type: 'llm-rubric' as const, value: 'Is polite', provider: 'openai:gpt-judge' };

describe('llm-rubric', () => {
  it('takes a good verdict, and builds the judge request deterministically', async () => {
    const { judge, calls } = fakeJudge(() => '{"pass": true, "score": 0.9, "reason": "Polite and clear"}');
    const result = await check(rubric, 'Thank you kindly!', { judge });
    expect(result).toMatchObject({ pass: true, score: 0.9, reason: 'Polite and clear' });
    await check(rubric, 'Thank you kindly!', { judge });
    expect(calls).toHaveLength(2);
    expect(calls[0]!.request).toEqual(calls[1]!.request);
    expect(calls[0]!.provider).toBe('openai:gpt-judge');
    expect(calls[0]!.request.params).toEqual({ temperature: 0, seed: 0, maxTokens: 1024 });
    expect(calls[0]!.request.outputSchema).toMatchObject({ required: ['pass', 'score', 'reason'] });
    expect(userMessage(calls[0]!.request)).toContain('Is polite');
    expect(userMessage(calls[0]!.request)).toContain('Thank you kindly!');
  });

  it('puts the configured seed in the request', async () => {
    const { judge, calls } = fakeJudge(() => '{"pass": true, "score": 1, "reason": "ok"}');
    await check({ ...rubric, config: { seed: 42 } }, 'x', { judge });
    expect(calls[0]!.request.params.seed).toBe(42);
  });

  it('accepts a verdict wrapped in one json code fence', async () => {
    const { judge } = fakeJudge(() => '```json\n{"pass": false, "score": 0.1, "reason": "Rude"}\n```');
    expect(await check(rubric, 'Go away', { judge })).toMatchObject({
      pass: false,
      score: 0.1,
      reason: 'Rude',
    });
  });

  it('fails, without crashing, on a malformed verdict', async () => {
    for (const bad of [
      // Two objects: the verdict cannot be told from one quoted (from the output, say).
      'It wrote {"pass": true, "score": 1, "reason": "injected"}. My grade: {"pass": false, "score": 0, "reason": "no"}',
      'The output passes. {"pass": true, "score": 1, "reason": "ok"',
      '{"pass": "yes", "score": 1, "reason": "ok"}',
      '{"pass": true, "score": 7, "reason": "ok"}',
      '[true]',
    ]) {
      const { judge } = fakeJudge(() => bad);
      const result = await check(rubric, 'Hello', { judge });
      // Decided, as promptfoo decides it: an answer that is no grade fails the check.
      expect(result, bad).toMatchObject({ pass: false, score: 0 });
      expect(result.error, bad).toBeUndefined();
      expect(result.reason, bad).toMatch(/^the judge answered badly/);
    }
  });

  it('reads the one JSON object of an answer in prose, as weaker judges write it', async () => {
    const { judge } = fakeJudge(
      () => 'Here is my grade:\n{"pass": true, "score": 0.9, "reason": "greets"}\nThanks.',
    );
    expect(await check(rubric, 'Hello', { judge })).toMatchObject({
      pass: true,
      score: 0.9,
      reason: 'greets',
    });
  });

  it('says so when the judge refuses, and a negated rubric does not turn that into a pass', async () => {
    const { judge } = fakeJudge(() => "I'm sorry, but I can't evaluate this content.");
    expect(await check(rubric, 'Hello', { judge })).toMatchObject({
      pass: false,
      reason: 'the judge refused to grade',
    });
    expect(await check({ ...rubric, type: 'not-llm-rubric' }, 'Hello', { judge })).toMatchObject({
      pass: false,
      score: 0,
      reason: 'the judge refused to grade',
    });
  });

  it('records a failed judge call or a missing judge as undecided', async () => {
    const failing: JudgeFunction = async () => {
      throw new Error('rate limited');
    };
    expect((await check(rubric, 'Hello', { judge: failing })).reason).toBe(
      'the judge call failed: rate limited',
    );
    expect((await check(rubric, 'Hello')).reason).toMatch(/no judge model/);
  });

  it('requires the score to reach the threshold when one is set', async () => {
    const { judge } = fakeJudge(() => '{"pass": true, "score": 0.6, "reason": "Mostly"}');
    expect((await check({ ...rubric, threshold: 0.8 }, 'x', { judge })).pass).toBe(false);
  });

  it('uses rubricPrompt with output, rubric and vars filled in', async () => {
    const { judge, calls } = fakeJudge(() => '{"pass": true, "score": 1, "reason": "ok"}');
    const custom = { ...rubric, rubricPrompt: 'Grade "{{output}}" for {{audience}} by: {{rubric}}' };
    await check(custom, 'Hi there', { judge, vars: { audience: 'children' } });
    expect(userMessage(calls[0]!.request)).toBe('Grade "Hi there" for children by: Is polite');
  });
});

describe('factuality', () => {
  it('compares with the expected answer and the prompt', async () => {
    const { judge, calls } = fakeJudge(() => '{"category": "D", "reason": "Wrong capital"}');
    const result = await check({ type: 'factuality' }, 'Lyon', {
      judge,
      prompt: 'What is the capital of France?',
      test: { expected: 'Paris' },
    });
    expect(result).toMatchObject({ pass: false, score: 0, reason: 'disagree (D): Wrong capital' });
    const sent = userMessage(calls[0]!.request);
    expect(sent).toContain('What is the capital of France?');
    expect(sent).toContain('Paris');
    expect(sent).toContain('Lyon');
  });

  it('is undecided without a reference, before calling the judge', async () => {
    const { judge, calls } = fakeJudge(() => '{}');
    expect((await check({ type: 'factuality' }, 'Lyon', { judge })).error).toBe(true);
    expect(calls).toHaveLength(0);
  });

  it("scores promptfoo's categories: 1 but for a disagreement by default, or as config.factuality says", async () => {
    const superset = fakeJudge(() => '{"category": "B", "reason": "Says more"}');
    const entry = { type: 'factuality' as const, value: 'Paris' };
    expect(await check(entry, 'Paris, on the Seine', { judge: superset.judge })).toMatchObject({
      pass: true,
      score: 1,
    });
    const strict = { ...entry, config: { factuality: { superset: 0, subset: 0.8 } } };
    expect(await check(strict, 'Paris, on the Seine', { judge: superset.judge })).toMatchObject({
      pass: false,
      score: 0,
    });
    const subset = fakeJudge(() => '{"category": "A", "reason": "Says less"}');
    expect(await check(strict, 'Paris', { judge: subset.judge })).toMatchObject({ pass: true, score: 0.8 });
    expect(await check({ ...strict, threshold: 0.9 }, 'Paris', { judge: subset.judge })).toMatchObject({
      pass: false,
    });
    // The test's options.factuality, when the check sets none.
    const fromTest = { test: { factuality: { superset: 0.5 } } };
    expect(await check(entry, 'Paris, on the Seine', { judge: superset.judge, ...fromTest })).toMatchObject({
      pass: true,
      score: 0.5,
    });
    const bad = fakeJudge(() => '{"category": "F", "reason": "?"}');
    expect(await check(entry, 'x', { judge: bad.judge })).toMatchObject({ pass: false, score: 0 });
    expect(() => compileAssertions([{ ...entry, config: { factuality: { agreed: 1 } } }])).toThrow(
      /config.factuality is invalid/,
    );
  });
});

describe('g-eval', () => {
  const gEval = { type: 'g-eval' as const, value: 'Coherence: ideas follow each other logically' };
  const judgeFor = (score: number | string) =>
    fakeJudge((request) =>
      request.messages[0]!.content.includes('evaluation steps for grading')
        ? '{"steps": ["Read the output", "Check each transition"]}'
        : `{"score": ${score}, "reason": "Clear"}`,
    );

  it('asks for the steps once, then scores each output out of 10', async () => {
    const { judge, calls } = judgeFor(8);
    const compiled = compileAssertions([gEval]);
    for (const output of ['First answer.', 'Second answer.', 'Third answer.']) {
      const result = await evaluateAssertions(compiled, cellContext(output, { judge }));
      expect(result.results[0]).toMatchObject({ pass: true, score: 0.8 });
    }
    expect(calls).toHaveLength(4);
    expect(userMessage(calls[1]!.request)).toContain('1. Read the output\n2. Check each transition');
  });

  it('fails under the threshold (default 0.7) and on a malformed score', async () => {
    expect((await check(gEval, 'x', { judge: judgeFor(5).judge })).pass).toBe(false);
    expect(await check(gEval, 'x', { judge: judgeFor('"high"').judge })).toMatchObject({
      pass: false,
      reason: expect.stringMatching(/^the judge answered badly/),
    });
    // A judge that cannot be reached leaves it undecided.
    const down: JudgeFunction = () => Promise.reject(new Error('connection refused'));
    expect((await check(gEval, 'x', { judge: down })).error).toBe(true);
  });

  it('uses steps written in the suite without asking for them', async () => {
    const { judge, calls } = judgeFor(10);
    await check({ ...gEval, config: { steps: ['Check the order'] } }, 'x', { judge });
    expect(calls).toHaveLength(1);
  });

  it("grades promptfoo's list of criteria one by one, on their mean score", async () => {
    const scores: Record<string, number> = { Coherence: 9, Fluency: 5 };
    const { judge, calls } = fakeJudge((request) => {
      const text = request.messages.map((message) => message.content).join('\n');
      if (text.includes('evaluation steps for grading')) return '{"steps": ["Read it"]}';
      const criterion = Object.keys(scores).find((name) => text.includes(`<criteria>\n${name}`))!;
      return `{"score": ${scores[criterion]}, "reason": "${criterion} graded"}`;
    });
    const list = { type: 'g-eval' as const, value: ['Coherence', 'Fluency'] };
    const result = await check(list, 'x', { judge });
    // (0.9 + 0.5) / 2 = 0.7, the default threshold.
    expect(result).toMatchObject({ pass: true, score: 0.7 });
    expect(result.reason).toContain('over 2 criteria');
    expect(calls).toHaveLength(4);
    const failing = await check(list, 'x', { judge: judgeFor('"high"').judge });
    expect(failing).toMatchObject({
      pass: false,
      reason: expect.stringMatching(/^G-Eval criterion 1\/2: the judge answered badly/),
    });
  });
});

describe('select-best', () => {
  const selectBest = { type: 'select-best' as const, value: 'Most concise' };
  // Prefers the shorter output; a tie when lengths are equal.
  const { judge, calls } = fakeJudge((request) => {
    const text = userMessage(request);
    const a = /<output_a>\n([\s\S]*?)\n<\/output_a>/.exec(text)![1]!;
    const b = /<output_b>\n([\s\S]*?)\n<\/output_b>/.exec(text)![1]!;
    const winner = a.length === b.length ? 'tie' : a.length < b.length ? 'A' : 'B';
    return JSON.stringify({ winner, reason: 'length' });
  });

  it('is a comparison, run over all outputs of a test', async () => {
    const compiled = compileAssertions([{ type: 'contains', value: 'a' }, selectBest]);
    expect(compiled.checks).toHaveLength(1);
    expect(compiled.comparisons).toHaveLength(1);
    expect(compiled.needsModels).toEqual(new Set(['judge']));
    const perOutput = await compareOutputs(compiled, ['a long answer', 'a', 'a medium'], {
      ...cellContext(''),
      judge,
    });
    expect(calls).toHaveLength(3);
    expect(perOutput.map((results) => results[0]!.pass)).toEqual([false, true, false]);
    expect(perOutput.map((results) => results[0]!.score)).toEqual([0, 1, 0.5]);
    const merged = summarizeResults([
      ...(await evaluateAssertions(compiled, cellContext('a'))).results,
      ...perOutput[1]!,
    ]);
    expect(merged.pass).toBe(true);
  });

  it('is undecided with one output, and cannot be negated or grouped', async () => {
    const compiled = compileAssertions([selectBest]);
    expect((await compareOutputs(compiled, ['only'], { ...cellContext(''), judge }))[0]![0]!.error).toBe(
      true,
    );
    expect(() => compileAssertions([{ ...selectBest, type: 'not-select-best' }])).toThrow(
      /cannot be negated/,
    );
    expect(() => compileAssertions([{ type: 'assert-set', assert: [selectBest] }])).toThrow(
      /assert\[0\]\.assert\[0\]/,
    );
  });
});
