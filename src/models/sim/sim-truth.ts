import { parseDemonstrations } from '../../library/techniques/demonstrations.ts';
import type { Message } from '../../spec/model.ts';
import { normalDraw } from './sim-draw.ts';
import type { SimFamily } from './sim-families.ts';
import { goldOf, testKey } from './sim-gold.ts';
import { foundPhrases, placedTechniques, regionsOf } from './sim-placement.ts';
import { parseSimSettings, type SimSettings, type SimTechnique } from './sim-settings.ts';
import { foldText, matchesGold } from './sim-text.ts';

type Vars = Readonly<Record<string, unknown>>;

/** What the sim saw in one request, each feature as it entered the formula. */
export interface SimFeatures {
  /**
   * Techniques found in the prompt that carry an effect (few-shot is counted as demonstrations),
   * each in the part of the request `placement` requires.
   */
  techniques: SimTechnique[];
  /** The texts of the `phrases` found (each where it must be). */
  phrases: string[];
  /** Demonstrations counted (at most demonstrations.max), by whether their output is the known gold. */
  demonstrations: { correct: number; wrong: number };
  /** Words in all the messages. */
  words: number;
  /** Sum of the effects of the attributes the test matches. */
  attributeShift: number;
  /** The test's own logit shift (difficulty × a standard normal draw): negative is harder. */
  difficulty: number;
}

/** The true probability that the sim answers one request correctly, and how it was made. */
export interface SimProbability {
  p: number;
  logit: number;
  features: SimFeatures;
}

/**
 * The probability the sim answers correctly: sigmoid(logit(base) + technique effects +
 * demonstration term + length term + attribute shifts + the test's difficulty). `settings` are
 * as written under `config.sim`; `knownGold` maps folded inputs to golds for judging
 * demonstrations (see docs/simulator.md). The same for every family.
 */
export function simProbability(
  settings: unknown,
  family: SimFamily,
  messages: readonly Message[],
  vars: Vars,
  knownGold?: ReadonlyMap<string, unknown>,
): SimProbability {
  return probabilityOf(parseSimSettings(settings), family, messages, vars, knownGold);
}

/**
 * The expected accuracy of a prompt over tests: the mean of simProbability, test i being answered
 * from `messagesPerTest[i]` with `varsPerTest[i]`. Unless `knownGold` is given, the golds known are
 * those of `sim.golds` and of every test given (as after the sim has answered them all).
 */
export function simTrueAccuracy(
  settings: unknown,
  family: SimFamily,
  messagesPerTest: readonly (readonly Message[])[],
  varsPerTest: readonly Vars[],
  knownGold?: ReadonlyMap<string, unknown>,
): number {
  const parsed = parseSimSettings(settings);
  if (messagesPerTest.length !== varsPerTest.length || varsPerTest.length === 0) {
    throw new RangeError('simTrueAccuracy needs as many message lists as tests, and at least one');
  }
  let known = knownGold;
  if (known === undefined) {
    const learned = new Map<string, unknown>();
    for (const vars of varsPerTest) learned.set(testKey(parsed, vars), goldOf(parsed, vars, `sim:${family}`));
    known = learned;
  }
  let total = 0;
  for (const [index, vars] of varsPerTest.entries()) {
    total += probabilityOf(parsed, family, messagesPerTest[index]!, vars, known).p;
  }
  return total / varsPerTest.length;
}

/** simProbability on settings already parsed (the sim model calls this). */
export function probabilityOf(
  settings: SimSettings,
  _family: SimFamily,
  messages: readonly Message[],
  vars: Vars,
  knownGold: ReadonlyMap<string, unknown> = new Map(),
): SimProbability {
  const regions = regionsOf(settings, messages, vars);
  const text = regions.all;
  const techniques = placedTechniques(settings, regions);
  const phrases = foundPhrases(settings, regions);
  const demonstrations = judgeDemonstrations(settings, text, knownGold);
  const words = text.match(/\S+/g)?.length ?? 0;
  const attributeShift = attributeShiftOf(settings, vars);
  const difficulty = settings.difficulty * normalDraw('difficulty', settings.seed, testKey(settings, vars));
  const { perCorrect, perWrong } = settings.demonstrations;
  const { length } = settings;
  const logit =
    Math.log(settings.base / (1 - settings.base)) +
    techniques.reduce((sum, id) => sum + settings.effects[id], 0) +
    phrases.reduce((sum, phrase) => sum + phrase.effect, 0) +
    perCorrect * demonstrations.correct +
    perWrong * demonstrations.wrong +
    (length.perHundredWords * Math.max(0, words - length.words)) / 100 +
    attributeShift +
    difficulty;
  return {
    p: 1 / (1 + Math.exp(-logit)),
    logit,
    features: {
      techniques,
      phrases: phrases.map((phrase) => phrase.text),
      demonstrations,
      words,
      attributeShift,
      difficulty,
    },
  };
}

/** The first `max` demonstrations, each correct unless its input has a known gold its output does not match. */
function judgeDemonstrations(
  settings: SimSettings,
  text: string,
  knownGold: ReadonlyMap<string, unknown>,
): { correct: number; wrong: number } {
  let correct = 0;
  let wrong = 0;
  for (const demonstration of parseDemonstrations(text).slice(0, settings.demonstrations.max)) {
    const input = foldText(demonstration.input);
    const gold = knownGold.has(input) ? knownGold.get(input) : settings.golds.get(input);
    if (gold === undefined || matchesGold(demonstration.output, gold)) correct++;
    else wrong++;
  }
  return { correct, wrong };
}

function attributeShiftOf(settings: SimSettings, vars: Vars): number {
  let shift = 0;
  for (const attribute of settings.attributes) {
    const value = vars[attribute.var];
    if (value === undefined || value === null || typeof value === 'object') continue;
    if (attribute.values.some((candidate) => String(candidate) === String(value))) shift += attribute.effect;
  }
  return shift;
}
