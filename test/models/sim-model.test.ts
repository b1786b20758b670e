import { describe, expect, it } from 'vitest';
import { createSimModel } from '../../src/models/providers/sim.ts';
import { simProbability, simTrueAccuracy } from '../../src/models/sim/sim-truth.ts';
import type { GenerateRequest, Message, ModelParams } from '../../src/spec/model.ts';

const LABELS = ['positive', 'negative', 'neutral'];
const user = (content: string): Message[] => [{ role: 'user', content }];

/** `count` classification tests, a third of each label. */
function tests(
  count: number,
  extra: (index: number) => Record<string, unknown> = () => ({}),
): ({ input: string; label: string } & Record<string, unknown>)[] {
  return Array.from({ length: count }, (_, index) => ({
    input: `review number ${index}`,
    label: LABELS[index % 3]!,
    ...extra(index),
  }));
}

function request(
  messages: Message[],
  vars: Record<string, unknown>,
  params: ModelParams = {},
): GenerateRequest {
  return { messages, params, vars };
}

/** How many tests the sim answered with their gold, each asked with `prompt(input)`. */
async function correctCount(
  sim: ReturnType<typeof createSimModel>,
  prompt: (input: string) => string,
  varsPerTest: Record<string, unknown>[],
  params: ModelParams,
): Promise<number> {
  let correct = 0;
  for (const vars of varsPerTest) {
    const result = await sim.generate(request(user(prompt(String(vars.input))), vars, params));
    if (result.text === vars.label) correct++;
  }
  return correct;
}

describe('the sim test instrument as a model', () => {
  it('refuses an unknown family, listing the families', () => {
    expect(() => createSimModel('chat')).toThrow(
      expect.objectContaining({
        code: 'MODEL_REF_INVALID',
        hint: expect.stringContaining('sim:classify, sim:extract, sim:qa'),
      }),
    );
  });

  it('says which variables hold the gold when none is set', async () => {
    const sim = createSimModel('qa');
    await expect(sim.generate(request(user('What?'), { input: 'What?' }))).rejects.toMatchObject({
      code: 'VARIABLE_MISSING',
      category: 'user',
      message: expect.stringContaining('expected, or answer, or label, or gold'),
    });
    await expect(
      sim.generate(request(user('What?'), { input: 'What?', answer: 'x' }, { sim: { goldVar: 'truth' } })),
    ).rejects.toMatchObject({ message: expect.stringContaining('truth') });
  });

  it('refuses settings it does not know', async () => {
    const sim = createSimModel('classify');
    await expect(
      sim.generate(request(user('x'), { input: 'x', label: 'yes' }, { sim: { seeed: 1 } })),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining("'sim.seed'") });
  });

  it('answers the same prompt and test the same way, and approximates tokens', async () => {
    const params = { temperature: 0, sim: { seed: 5 } };
    const answers = async () => {
      const sim = createSimModel('classify');
      const out: string[] = [];
      for (const vars of tests(60))
        out.push((await sim.generate(request(user(vars.input), vars, params))).text);
      return out;
    };
    const first = await answers();
    expect(await answers()).toEqual(first);
    expect(new Set(first)).toEqual(new Set(LABELS));
    const result = await createSimModel('classify').generate(
      request(user('abcdefgh'), { input: 'a', label: 'yes' }),
    );
    expect(result.usage.inputTokens).toBe(2);
    expect(result.finishReason).toBe('stop');
  });

  it('is as accurate over 4,000 tests as the truth it reports, within 3 standard errors', async () => {
    const settings = { seed: 11, base: 0.62, difficulty: 1.2 };
    const varsPerTest = tests(4000);
    const prompt = (input: string) => `Classify the sentiment.\n\n${input}`;
    const truth = simTrueAccuracy(
      settings,
      'classify',
      varsPerTest.map((vars) => user(prompt(vars.input))),
      varsPerTest,
    );
    const observed =
      (await correctCount(createSimModel('classify'), prompt, varsPerTest, { sim: settings })) / 4000;
    const standardError = Math.sqrt((truth * (1 - truth)) / 4000);
    expect(Math.abs(observed - truth)).toBeLessThan(3 * standardError);
  });

  it('raises accuracy by the effect of a technique added to the prompt', async () => {
    const settings = { seed: 2, base: 0.4, effects: { role: 1 } };
    const varsPerTest = tests(4000);
    const bare = (input: string) => input;
    const withRole = (input: string) => `You are a meticulous annotator.\n\n${input}`;
    const expected =
      varsPerTest.reduce((sum, vars) => {
        const { logit } = simProbability(settings, 'classify', user(bare(vars.input)), vars);
        return sum + 1 / (1 + Math.exp(-(logit + 1))) - 1 / (1 + Math.exp(-logit));
      }, 0) / 4000;
    const truthGain =
      simTrueAccuracy(
        settings,
        'classify',
        varsPerTest.map((vars) => user(withRole(vars.input))),
        varsPerTest,
      ) -
      simTrueAccuracy(
        settings,
        'classify',
        varsPerTest.map((vars) => user(bare(vars.input))),
        varsPerTest,
      );
    expect(truthGain).toBeCloseTo(expected, 12);
    expect(expected).toBeGreaterThan(0.15);
    const sim = createSimModel('classify');
    const before = (await correctCount(sim, bare, varsPerTest, { sim: settings })) / 4000;
    const after = (await correctCount(sim, withRole, varsPerTest, { sim: settings })) / 4000;
    const standardError = Math.sqrt(0.5 / 4000);
    expect(Math.abs(after - before - expected)).toBeLessThan(3 * standardError);
  });

  it('shifts the accuracy of tests with a chosen attribute', async () => {
    const settings = { seed: 4, base: 0.7, attributes: [{ var: 'name', values: ['Emily'], effect: -1.5 }] };
    const varsPerTest = tests(4000, (index) => ({ name: index % 2 === 0 ? 'Emily' : 'Lakisha' }));
    const prompt = (input: string) => `Decide.\n\n${input}`;
    const sim = createSimModel('classify');
    const group = (name: string) => varsPerTest.filter((vars) => vars.name === name);
    const truth = (name: string) =>
      simTrueAccuracy(
        settings,
        'classify',
        group(name).map((vars) => user(prompt(vars.input))),
        group(name),
      );
    const observed = async (name: string) =>
      (await correctCount(sim, prompt, group(name), { sim: settings })) / 2000;
    const gap = truth('Lakisha') - truth('Emily');
    expect(gap).toBeGreaterThan(0.2);
    const observedGap = (await observed('Lakisha')) - (await observed('Emily'));
    expect(Math.abs(observedGap - gap)).toBeLessThan(3 * Math.sqrt(0.5 / 2000));
  });

  it('judges demonstrations by the golds it learned from the tests it answered', async () => {
    const settings = { base: 0.99, difficulty: 0, demonstrations: { perWrong: -20 } };
    const sim = createSimModel('classify');
    const withWrongDemo = user('Examples:\n\nInput: alpha\nOutput: negative\n\nbeta');
    const ask = (messages: Message[], vars: Record<string, unknown>) =>
      sim.generate(request(messages, vars, { sim: settings }));
    const beta = { input: 'beta', label: 'positive', labels: LABELS };
    // alpha's gold is not known yet: the demonstration counts as correct.
    expect((await ask(withWrongDemo, beta)).text).toBe('positive');
    await ask(user('alpha'), { input: 'alpha', label: 'positive' });
    const answer = (await ask(withWrongDemo, beta)).text;
    expect(answer).not.toBe('positive');
    expect(LABELS).toContain(answer);
  });

  it('draws anew at temperature above 0 for another seed or another call, never at 0', async () => {
    const varsPerTest = tests(200);
    const run = async (params: ModelParams, sim = createSimModel('classify')) => {
      const out: string[] = [];
      for (const vars of varsPerTest)
        out.push((await sim.generate(request(user(vars.input), vars, params))).text);
      return out;
    };
    const differences = (a: string[], b: string[]) => a.filter((text, index) => text !== b[index]).length;
    const greedy = { sim: { difficulty: 0 } };
    expect(await run({ ...greedy, seed: 1 })).toEqual(await run({ ...greedy, seed: 2 }));
    const hot = { temperature: 1, sim: { difficulty: 0 } };
    const seedOne = await run({ ...hot, seed: 1 });
    expect(await run({ ...hot, seed: 1 })).toEqual(seedOne);
    expect(differences(seedOne, await run({ ...hot, seed: 2 }))).toBeGreaterThan(50);
    const sim = createSimModel('classify');
    const firstCall = await run(hot, sim);
    expect(differences(firstCall, await run(hot, sim))).toBeGreaterThan(50);
    expect(await run(hot)).toEqual(firstCall);
  });

  it('answers wrongly in the manner of each family', async () => {
    const wrong = { sim: { base: 0.0001, difficulty: 0 } };
    const extract = createSimModel('extract');
    const gold = { name: 'Ada', year: 1843 };
    const spoiled = JSON.parse(
      (await extract.generate(request(user('x'), { input: 'x', expected: gold }, wrong))).text,
    );
    expect(Object.keys(spoiled)).toHaveLength(1);
    expect(
      (await extract.generate(request(user('y'), { input: 'y', expected: 'Ada Lovelace wrote it' }, wrong)))
        .text,
    ).toBe('Ada Lovelace');
    const qa = createSimModel('qa');
    expect(
      (
        await qa.generate(
          request(user('q'), { input: 'q', answer: 'Paris', distractors: ['Paris', 'Lyon'] }, wrong),
        )
      ).text,
    ).toBe('Lyon');
    expect((await qa.generate(request(user('r'), { input: 'r', answer: 'Paris' }, wrong))).text).toBe(
      "I don't know",
    );
    const right = { sim: { base: 0.9999, difficulty: 0 } };
    expect((await extract.generate(request(user('z'), { input: 'z', expected: gold }, right))).text).toBe(
      '{"name":"Ada","year":1843}',
    );
    const classify = createSimModel('classify');
    expect((await classify.generate(request(user('c'), { input: 'c', label: 'yes' }, wrong))).text).toBe(
      'no',
    );
  });

  it('streams its answer word by word', async () => {
    const sim = createSimModel('qa');
    const pieces: string[] = [];
    let finished = '';
    const params = { sim: { base: 0.9999, difficulty: 0 } };
    for await (const event of sim.stream(
      request(user('q'), { input: 'q', answer: 'the river Seine' }, params),
    )) {
      if (event.type === 'text') pieces.push(event.text);
      else finished = event.result.text;
    }
    expect(pieces).toEqual(['the ', 'river ', 'Seine']);
    expect(finished).toBe('the river Seine');
  });
});
