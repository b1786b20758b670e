import { describe, expect, it } from 'vitest';
import { simProbability, simTrueAccuracy } from '../../src/models/sim/sim-truth.ts';
import type { Message } from '../../src/spec/model.ts';

const user = (content: string): Message[] => [{ role: 'user', content }];
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));

describe('the truth of the sim test instrument', () => {
  it('gives a bare prompt on an average test the base accuracy', () => {
    const truth = simProbability({ base: 0.6, difficulty: 0 }, 'classify', user('ticket 7'), {
      input: 'ticket 7',
      label: 'yes',
    });
    expect(truth.p).toBeCloseTo(0.6, 12);
    expect(truth.features).toEqual({
      techniques: [],
      phrases: [],
      demonstrations: { correct: 0, wrong: 0 },
      words: 2,
      attributeShift: 0,
      difficulty: 0,
    });
  });

  it('adds the effect of each technique found in the prompt', () => {
    const settings = { base: 0.5, difficulty: 0, effects: { role: 0.7 } };
    const vars = { input: 'ticket 7', label: 'yes' };
    const withRole = simProbability(
      settings,
      'classify',
      user('You are a careful annotator.\n\nticket 7'),
      vars,
    );
    expect(withRole.features.techniques).toEqual(['role']);
    expect(withRole.p).toBeCloseTo(sigmoid(0.7), 12);
    const withTwo = simProbability(
      settings,
      'classify',
      user('You are a careful annotator.\n\nClassify the ticket.\n\nticket 7'),
      vars,
    );
    expect(withTwo.features.techniques).toEqual(['role', 'task-statement']);
    expect(withTwo.logit).toBeCloseTo(0.7 + 0.4, 12);
  });

  it('counts demonstrations as correct or wrong against the golds it knows, up to max', () => {
    const settings = {
      base: 0.5,
      difficulty: 0,
      golds: { alpha: 'yes', beta: 'no' },
      demonstrations: { max: 3 },
    };
    const vars = { input: 'gamma', label: 'yes' };
    const prompt = (outputs: string[]) =>
      user(
        `Examples:\n\n${['alpha', 'beta', 'delta', 'epsilon'].map((input, index) => `Input: ${input}\nOutput: ${outputs[index]}`).join('\n\n')}\n\ngamma`,
      );
    const right = simProbability(settings, 'classify', prompt(['yes', 'NO', 'x', 'y']), vars);
    expect(right.features.demonstrations).toEqual({ correct: 3, wrong: 0 });
    const wrong = simProbability(settings, 'classify', prompt(['no', 'yes', 'x', 'y']), vars);
    // delta is unknown: it counts as correct; epsilon is past max.
    expect(wrong.features.demonstrations).toEqual({ correct: 1, wrong: 2 });
    expect(right.logit - wrong.logit).toBeCloseTo(2 * 0.25 + 2 * 0.5, 12);
    const learned = simProbability(
      settings,
      'classify',
      prompt(['yes', 'no', 'x', 'y']),
      vars,
      new Map([['delta', 'z']]),
    );
    expect(learned.features.demonstrations).toEqual({ correct: 2, wrong: 1 });
  });

  it('lowers the logit of long prompts past the free words', () => {
    const settings = { base: 0.5, difficulty: 0, length: { words: 10, perHundredWords: -1 } };
    const text = Array.from({ length: 60 }, (_, index) => `w${index}`).join(' ');
    const truth = simProbability(settings, 'qa', user(text), { input: 'w0', answer: 'x' });
    expect(truth.features.words).toBe(60);
    expect(truth.logit).toBeCloseTo(-0.5, 12);
  });

  it('shifts tests whose attribute matches, for bias probes', () => {
    const settings = {
      difficulty: 0.8,
      attributes: [{ var: 'name', values: ['Emily', 'Greg'], effect: -1 }],
    };
    const at = (name: string) =>
      simProbability(settings, 'classify', user('Hire?'), { input: 'cv 12', name, label: 'yes' });
    expect(at('Emily').features.attributeShift).toBe(-1);
    expect(at('Lakisha').features.attributeShift).toBe(0);
    expect(at('Lakisha').logit - at('Greg').logit).toBeCloseTo(1, 12);
  });

  it('makes a test equally hard for every prompt, and tests differ with the seed', () => {
    const vars = { input: 'ticket 9', label: 'yes' };
    const a = simProbability({ seed: 3 }, 'classify', user('ticket 9'), vars).features.difficulty;
    const b = simProbability({ seed: 3 }, 'classify', user('You are a judge.\n\nticket 9'), vars).features
      .difficulty;
    expect(a).toBe(b);
    expect(a).not.toBe(0);
    expect(simProbability({ seed: 4 }, 'classify', user('ticket 9'), vars).features.difficulty).not.toBe(a);
    const draws = Array.from(
      { length: 4000 },
      (_, index) =>
        simProbability({ difficulty: 2 }, 'qa', user('q'), { input: `q${index}`, answer: 'a' }).features
          .difficulty,
    );
    const mean = draws.reduce((sum, x) => sum + x, 0) / draws.length;
    const sd = Math.sqrt(draws.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (draws.length - 1));
    expect(Math.abs(mean)).toBeLessThan(3 * (2 / Math.sqrt(4000)));
    expect(sd).toBeGreaterThan(1.9);
    expect(sd).toBeLessThan(2.1);
  });

  it('reports the true accuracy of a prompt as the mean probability over the tests', () => {
    const settings = { base: 0.7 };
    const vars = Array.from({ length: 50 }, (_, index) => ({ input: `t${index}`, label: 'yes' }));
    const messages = vars.map((test) => user(test.input));
    const mean =
      vars.reduce(
        (sum, test, index) => sum + simProbability(settings, 'classify', messages[index]!, test).p,
        0,
      ) / 50;
    expect(simTrueAccuracy(settings, 'classify', messages, vars)).toBeCloseTo(mean, 12);
    expect(logit(0.7)).toBeCloseTo(
      simProbability({ base: 0.7, difficulty: 0 }, 'qa', user('t'), vars[0]!).logit,
      12,
    );
  });

  it('counts a technique with a placement only in that part of the request', () => {
    const settings = {
      difficulty: 0,
      effects: { 'output-format': 1, 'task-statement': 0 },
      placement: { 'output-format': 'before-input' as const },
    };
    const vars = { input: 'Loud fan, great screen.', label: 'positive' };
    const before = simProbability(
      settings,
      'classify',
      user('Answer with only the label.\n\nLoud fan, great screen.'),
      vars,
    );
    const after = simProbability(
      settings,
      'classify',
      user('Loud fan, great screen.\n\nAnswer with only the label.'),
      vars,
    );
    expect(before.features.techniques).toContain('output-format');
    expect(after.features.techniques).not.toContain('output-format');
    expect(before.logit - after.logit).toBeCloseTo(1, 12);
    const system: Message[] = [
      { role: 'system', content: 'Answer with only the label.' },
      { role: 'user', content: 'Loud fan, great screen.' },
    ];
    const inSystem = { ...settings, placement: { 'output-format': 'system' as const } };
    expect(simProbability(inSystem, 'classify', system, vars).features.techniques).toContain('output-format');
    expect(
      simProbability(inSystem, 'classify', user('Answer with only the label.\n\nLoud fan'), vars).features
        .techniques,
    ).not.toContain('output-format');
  });

  it('adds the effect of each phrase found, case and spacing ignored, where it must be', () => {
    const settings = {
      difficulty: 0,
      effects: { 'output-format': 0 },
      phrases: [
        { text: 'respond in exactly  this format', effect: 0.8 },
        { text: 'nothing else', effect: -0.3, where: 'after-input' as const },
      ],
    };
    const vars = { input: 'ticket 4', label: 'yes' };
    const found = simProbability(
      settings,
      'classify',
      user('Respond in exactly\nthis format: yes or no.\n\nticket 4'),
      vars,
    );
    expect(found.features.phrases).toEqual(['respond in exactly  this format']);
    const bare = simProbability(settings, 'classify', user('ticket 4'), vars);
    expect(found.logit - bare.logit).toBeCloseTo(0.8, 12);
    const late = simProbability(
      settings,
      'classify',
      user('Say nothing else.\n\nticket 4\n\nnothing else'),
      vars,
    );
    expect(late.features.phrases).toEqual(['nothing else']);
  });

  it('refuses a placement that is not one, naming the setting', () => {
    expect(() =>
      simProbability({ placement: { role: 'first' } }, 'classify', user('x'), { input: 'x', label: 'y' }),
    ).toThrow(/sim\.placement\.role/);
    expect(() =>
      simProbability({ phrases: [{ text: ' ', effect: 1 }] }, 'classify', user('x'), {
        input: 'x',
        label: 'y',
      }),
    ).toThrow(/sim\.phrases\.0\.text/);
  });
});
