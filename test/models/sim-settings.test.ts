import { describe, expect, it } from 'vitest';
import { DEFAULT_EFFECTS, parseSimSettings } from '../../src/models/sim/sim-settings.ts';

function errorOf(input: unknown): unknown {
  try {
    parseSimSettings(input);
  } catch (error) {
    return error;
  }
  throw new Error('expected the settings to be refused');
}

describe('the settings of the sim test instrument', () => {
  it('applies the documented defaults', () => {
    const settings = parseSimSettings(undefined);
    expect(settings).toMatchObject({
      seed: 0,
      base: 0.5,
      demonstrations: { perCorrect: 0.25, perWrong: -0.5, max: 8 },
      length: { words: 300, perHundredWords: -0.2 },
      difficulty: 1,
      attributes: [],
      inputVar: 'input',
      goldVar: undefined,
      labels: undefined,
    });
    expect(settings.effects).toEqual(DEFAULT_EFFECTS);
    expect(DEFAULT_EFFECTS).toMatchObject({ 'task-statement': 0.4, role: 0.2, 'audience-tone': 0 });
  });

  it('overrides only the effects it names, and folds the inputs of golds', () => {
    const settings = parseSimSettings({ effects: { role: 1.5 }, golds: { '  two\n words ': 'x' } });
    expect(settings.effects.role).toBe(1.5);
    expect(settings.effects['task-statement']).toBe(0.4);
    expect(settings.golds.get('two words')).toBe('x');
  });

  it('names an unknown key as sim.<path>, with the closest known one', () => {
    expect(errorOf({ baes: 0.7 })).toMatchObject({
      code: 'CONFIG_INVALID',
      category: 'user',
      message: "sim.baes is not a setting of the sim (did you mean 'sim.base'?)",
      hint: expect.stringContaining('docs/simulator.md'),
    });
    expect(errorOf({ demonstrations: { perWorng: -1 } })).toMatchObject({
      message:
        "sim.demonstrations.perWorng is not a setting of the sim (did you mean 'sim.demonstrations.perWrong'?)",
    });
    expect(errorOf({ attributes: [{ var: 'name', values: ['Emily'], efect: -1 }] })).toMatchObject({
      message: "sim.attributes.0.efect is not a setting of the sim (did you mean 'sim.attributes.0.effect'?)",
    });
    expect(errorOf({ effects: { rol: 1 } })).toMatchObject({
      message: expect.stringContaining("'sim.effects.role'"),
    });
  });

  it('says that few-shot is counted by demonstrations', () => {
    expect(errorOf({ effects: { 'few-shot': 1 } })).toMatchObject({
      code: 'CONFIG_INVALID',
      hint: expect.stringContaining('sim.demonstrations'),
    });
  });

  it('refuses values out of range, naming the setting', () => {
    expect(errorOf({ base: 1 })).toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(/^sim\.base: /),
    });
    expect(errorOf({ difficulty: -1 })).toMatchObject({
      message: expect.stringMatching(/^sim\.difficulty: /),
    });
    expect(errorOf({ labels: [] })).toMatchObject({ message: expect.stringMatching(/^sim\.labels: /) });
    expect(errorOf('fast')).toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(/^sim: /),
    });
  });
});
