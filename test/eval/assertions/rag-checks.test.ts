import { describe, expect, it } from 'vitest';
import type { EmbedFunction, JudgeFunction } from '../../../src/eval/assertions/assertion-context.ts';
import { compileAssertions } from '../../../src/eval/assertions/compile-assertions.ts';
import { undecidedAdvice } from '../../../src/eval/assertions/undecided-advice.ts';
import { CODE_NOT_ALLOWED } from '../../../src/eval/assertions/user-code.ts';
import type { GenerateRequest, ServiceModelRef } from '../../../src/spec/model.ts';
import { check } from './cell-context.ts';

/** A judge answering from a function of the user message, recording what it was asked. */
function fakeJudge(answer: (user: string) => unknown) {
  const asked: string[] = [];
  const judge: JudgeFunction = async (request: GenerateRequest) => {
    const user = request.messages.find((message) => message.role === 'user')!.content;
    asked.push(user);
    const value = answer(user);
    return {
      text: typeof value === 'string' ? value : JSON.stringify(value),
      usage: { inputTokens: 10, outputTokens: 5 },
      finishReason: 'stop',
      modelId: 'fake:judge',
      latencyMs: 1,
      costUsd: 0,
      cached: false,
    };
  };
  return { judge, asked };
}

describe('model-graded-closedqa', () => {
  it('passes on Y and fails on N, with the criterion in the judge message', async () => {
    const yes = fakeJudge(() => ({ reason: 'It names Paris', answer: 'Y' }));
    const entry = { type: 'model-graded-closedqa' as const, value: 'names the capital of France' };
    expect(await check(entry, 'Paris.', { judge: yes.judge })).toMatchObject({ pass: true, score: 1 });
    expect(yes.asked[0]).toContain('names the capital of France');
    const no = fakeJudge(() => ({ reason: 'No city', answer: 'N' }));
    expect(await check(entry, 'France is big.', { judge: no.judge })).toMatchObject({
      pass: false,
      score: 0,
    });
    const bad = fakeJudge(() => ({ reason: 'hm', answer: 'maybe' }));
    expect(await check(entry, 'x', { judge: bad.judge })).toMatchObject({ pass: false, score: 0 });
  });

  it('needs a criterion', () => {
    expect(() => compileAssertions([{ type: 'model-graded-closedqa' }])).toThrow(/needs a value/);
  });
});

describe('model-graded-factuality', () => {
  it("is factuality under promptfoo's other name", async () => {
    const { judge, asked } = fakeJudge(() => ({ category: 'C', reason: 'agrees' }));
    const result = await check({ type: 'model-graded-factuality', value: 'Paris' }, 'Paris', { judge });
    expect(result).toMatchObject({ type: 'model-graded-factuality', pass: true });
    expect(asked[0]).toContain('<expert>\nParis\n</expert>');
  });
});

describe('context-recall', () => {
  const judgeOf = () =>
    fakeJudge(() => ({
      statements: [
        { statement: 'Paris is the capital', attributed: true },
        { statement: 'It has 2 million people', attributed: false },
      ],
    }));

  it('scores the share of the reference the context supports, against the threshold', async () => {
    const { judge, asked } = judgeOf();
    const vars = { context: ['Paris is the capital of France.', 'It lies on the Seine.'] };
    const entry = { type: 'context-recall' as const, value: 'Paris is the capital; it has 2 million people' };
    const result = await check(entry, 'ignored', { judge, vars });
    expect(result).toMatchObject({ pass: true, score: 0.5 });
    expect(result.reason).toContain('It has 2 million people');
    expect(asked[0]).toContain('It lies on the Seine.');
    expect((await check({ ...entry, threshold: 0.6 }, 'x', { judge, vars })).pass).toBe(false);
  });

  it('is undecided without a context or a reference, and runs contextTransform only where code is allowed', async () => {
    const { judge } = judgeOf();
    const noContext = await check({ type: 'context-recall', value: 'x' }, 'o', { judge });
    expect(noContext).toMatchObject({ error: true });
    expect(noContext.reason).toMatch(/"context" var/);
    expect(await check({ type: 'context-recall' }, 'o', { judge, vars: { context: 'c' } })).toMatchObject({
      error: true,
    });
    const transformed = {
      type: 'context-recall' as const,
      value: 'x',
      contextTransform: 'output.toUpperCase()',
    };
    const refused = await check(transformed, 'o', { judge });
    expect(refused.reason).toBe(CODE_NOT_ALLOWED);
    expect(compileAssertions([transformed]).needsCode).toBe(true);
  });
});

describe('context-relevance', () => {
  it('counts the context parts the judge names as needed, out of the chunks given', async () => {
    const { judge, asked } = fakeJudge(() => ({ relevant: [1, 3, 3], reason: 'two help' }));
    const vars = {
      query: 'What is the capital?',
      context: ['Paris is the capital.', 'Cheese.', 'Seine.', 'Wine.'],
    };
    const result = await check({ type: 'context-relevance' }, 'o', { judge, vars });
    expect(result).toMatchObject({ pass: true, score: 0.5 });
    expect(asked[0]).toContain('3. Seine.');
  });

  it('splits a single paragraph into sentences, and refuses part numbers beyond them', async () => {
    const { judge, asked } = fakeJudge(() => ({ relevant: [5], reason: 'x' }));
    const vars = { query: 'q', context: 'One. Two! Three?' };
    const result = await check({ type: 'context-relevance' }, 'o', { judge, vars });
    expect(asked[0]).toContain('3. Three?');
    expect(result).toMatchObject({ pass: false, score: 0 });
    expect(result.reason).toMatch(/beyond the 3/);
  });

  it('needs a query var', async () => {
    const { judge } = fakeJudge(() => ({ relevant: [], reason: 'x' }));
    const result = await check({ type: 'context-relevance' }, 'o', { judge, vars: { context: 'c' } });
    expect(result.reason).toMatch(/"query" var/);
  });
});

describe('context-faithfulness', () => {
  it("scores the share of the output's claims the context supports", async () => {
    const { judge } = fakeJudge(() => ({
      statements: [
        { statement: 'a', supported: true },
        { statement: 'b', supported: true },
        { statement: 'c', supported: true },
        { statement: 'made up', supported: false },
      ],
    }));
    const vars = { query: 'q', context: 'ctx' };
    const result = await check({ type: 'context-faithfulness', threshold: 0.8 }, 'o', { judge, vars });
    expect(result).toMatchObject({ pass: false, score: 0.75 });
    expect(result.reason).toContain('made up');
    expect(
      (await check({ type: 'not-context-faithfulness', threshold: 0.8 }, 'o', { judge, vars })).pass,
    ).toBe(true);
  });
});

describe('conversation-relevance', () => {
  it('judges each turn with the turns before it, within the window', async () => {
    const { judge, asked } = fakeJudge((user) => ({ relevant: !user.includes('off topic'), reason: 'r' }));
    const _conversation = [
      { input: 'hi', output: 'hello' },
      { input: 'weather?', output: 'off topic' },
      { input: 'and tomorrow?', output: 'rain' },
    ];
    const result = await check({ type: 'conversation-relevance', config: { windowSize: 1 } }, 'x', {
      judge,
      vars: { _conversation },
    });
    expect(asked).toHaveLength(3);
    // A window of 1 holds only the turn judged.
    expect(asked[2]).not.toContain('hello');
    expect(result.score).toBeCloseTo(2 / 3);
    expect(result.reason).toContain('turn 2');
  });

  it('judges the prompt and the output without a conversation', async () => {
    const { judge, asked } = fakeJudge(() => ({ relevant: true, reason: 'r' }));
    const result = await check({ type: 'conversation-relevance' }, 'Paris', { judge, prompt: 'Capital?' });
    expect(result.pass).toBe(true);
    expect(asked[0]).toContain('User: Capital?\nAssistant: Paris');
  });
});

describe('answer-relevance', () => {
  // Vectors by text: the query and one question point the same way, the others away.
  const vectors: Record<string, number[]> = {
    'What is the capital of France?': [1, 0],
    'Which city is the capital of France?': [1, 0],
    'Where is Paris?': [0, 1],
  };
  const embedCalls: (ServiceModelRef | undefined)[] = [];
  const embed: EmbedFunction = async (texts, provider) => {
    embedCalls.push(provider);
    return texts.map((text) => Float32Array.from(vectors[text] ?? [0, 0]));
  };

  it('averages the similarity of the questions the output answers to the query', async () => {
    const { judge } = fakeJudge(() => ({
      questions: ['Which city is the capital of France?', 'Where is Paris?'],
    }));
    const vars = { query: 'What is the capital of France?' };
    const entry = { type: 'answer-relevance' as const, threshold: 0.6, provider: 'openai:embedding:small' };
    const result = await check(entry, 'Paris', { judge, embed, vars });
    expect(result).toMatchObject({ pass: false, score: 0.5 });
    expect(embedCalls.at(-1)).toBe('openai:embedding:small');
    expect(compileAssertions([entry]).needsModels).toEqual(new Set(['judge', 'embedding']));
  });

  it('is undecided with the embedding advice when no embedder is configured', async () => {
    const { judge } = fakeJudge(() => ({ questions: ['q'] }));
    const result = await check({ type: 'answer-relevance' }, 'Paris', { judge, prompt: 'Capital?' });
    expect(result).toMatchObject({ error: true });
    expect(undecidedAdvice(result.reason)).toMatch(/openai:embedding/);
  });
});

describe('classifier, moderation and perplexity', () => {
  it('classifier is undecided with advice', async () => {
    const result = await check({ type: 'classifier', value: 'positive', threshold: 0.5 }, 'great');
    expect(result).toMatchObject({ error: true });
    expect(undecidedAdvice(result.reason)).toMatch(/classifier provider/);
  });

  it('moderation passes unflagged text, fails flagged categories it counts, and is undecided without a moderator', async () => {
    const moderate = async (text: string) => (text.includes('bad') ? ['harassment', 'violence'] : []);
    expect(await check({ type: 'moderation' }, 'fine', { moderate })).toMatchObject({ pass: true });
    expect(await check({ type: 'moderation' }, 'bad', { moderate })).toMatchObject({
      pass: false,
      reason: 'Flagged by moderation: harassment, violence',
    });
    expect(await check({ type: 'moderation', value: ['sexual'] }, 'bad', { moderate })).toMatchObject({
      pass: true,
    });
    const none = await check({ type: 'moderation' }, 'bad');
    expect(undecidedAdvice(none.reason)).toMatch(/OpenAI-type provider/);
  });

  it('perplexity is exp(-mean logprob), scored 1/perplexity; perplexity-score is 1/(1+perplexity)', async () => {
    const logProbs = [Math.log(0.5), Math.log(0.5)];
    const result = await check({ type: 'perplexity', threshold: 1.5 }, 'x', { logProbs });
    expect(result).toMatchObject({ pass: false, score: 0.5 });
    expect((await check({ type: 'perplexity', threshold: 2 }, 'x', { logProbs })).pass).toBe(true);
    const score = await check({ type: 'perplexity-score', threshold: 0.3 }, 'x', { logProbs });
    expect(score.score).toBeCloseTo(1 / 3);
    expect(score.pass).toBe(true);
    const none = await check({ type: 'perplexity' }, 'x');
    expect(undecidedAdvice(none.reason)).toMatch(/log-probabilities/);
    expect(compileAssertions([{ type: 'perplexity' }]).needsLogProbs).toBe(true);
  });
});

describe('answer-relevance without an embedding model for it', () => {
  it('does not ask the judge', async () => {
    const { judge, asked } = fakeJudge(() => ({ questions: ['q'] }));
    const embed: EmbedFunction = async () => undefined;
    const result = await check({ type: 'answer-relevance' }, 'Paris', { judge, embed, prompt: 'Capital?' });
    expect(result).toMatchObject({ error: true });
    expect(undecidedAdvice(result.reason)).toMatch(/embedding model/);
    expect(asked).toHaveLength(0);
  });
});

describe("promptfoo's rubricPrompt slots", () => {
  it('fill input, ideal and completion for factuality, and question and answer for context checks', async () => {
    const { judge, asked } = fakeJudge(() => ({ category: 'C', reason: 'same' }));
    const rubricPrompt = 'Q={{input}} I={{ideal}} C={{completion}}';
    await check({ type: 'factuality', value: 'Paris', rubricPrompt }, 'Paris!', {
      judge,
      prompt: 'Capital?',
    });
    expect(asked[0]).toBe('Q=Capital? I=Paris C=Paris!');
    const faithful = fakeJudge(() => ({ statements: [] }));
    await check(
      { type: 'context-faithfulness', rubricPrompt: '{{question}}|{{answer}}|{{context}}' },
      'Paris',
      {
        judge: faithful.judge,
        vars: { query: 'Capital?', context: 'Paris is.' },
      },
    );
    expect(faithful.asked[0]).toBe('Capital?|Paris|Paris is.');
  });
});
