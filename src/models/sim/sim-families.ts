import { stableStringify } from '../../util/hash.ts';
import { matchesGold, textOf } from './sim-text.ts';

/** The task families the sim answers, by the model name of its reference (`sim:classify`). */
export type SimFamily = 'classify' | 'extract' | 'qa';

/** What a wrong answer is made from. */
export interface WrongAnswerContext {
  gold: unknown;
  vars: Readonly<Record<string, unknown>>;
  /** classify: the labels to choose from (the gold among them or not). */
  labels: readonly string[];
  /** A uniform number in (0, 1) that picks among the possible wrong answers. */
  choice: number;
}

/** One family: what it is, and how it answers wrongly (a right answer is always the gold). */
export interface SimFamilyInfo {
  description: string;
  wrongAnswer(context: WrongAnswerContext): string;
}

/** Every family of the sim. */
export const SIM_FAMILIES: Record<SimFamily, SimFamilyInfo> = {
  classify: {
    description: 'answers a label: the gold, or another label',
    wrongAnswer: ({ gold, labels, choice }) => {
      const others = labels.filter((label) => !matchesGold(label, gold));
      // Gold can match at most one of yes and no, so the fallback is never empty.
      const pool = others.length > 0 ? others : ['yes', 'no'].filter((label) => !matchesGold(label, gold));
      return pick(pool, choice);
    },
  },
  extract: {
    description:
      'answers the gold verbatim (JSON for an object), or the gold with one field dropped or changed',
    wrongAnswer: ({ gold, choice }) => spoiled(gold, choice),
  },
  qa: {
    description: 'answers the gold, or a distractor from vars.distractors, else "I don\'t know"',
    wrongAnswer: ({ gold, vars, choice }) => {
      const listed = vars.distractors;
      const distractors = Array.isArray(listed)
        ? listed
        : listed === undefined || listed === null
          ? []
          : [listed];
      const pool = distractors.map(textOf).filter((text) => !matchesGold(text, gold));
      return pool.length > 0 ? pick(pool, choice) : "I don't know";
    },
  },
};

export function isSimFamily(name: string): name is SimFamily {
  return Object.hasOwn(SIM_FAMILIES, name);
}

function pick(pool: readonly string[], choice: number): string {
  return pool[Math.min(pool.length - 1, Math.floor(choice * pool.length))]!;
}

/** The gold, slightly wrong: a list loses its last item, an object one field (or its only field's value changes), text is cut. */
function spoiled(gold: unknown, choice: number): string {
  if (Array.isArray(gold)) return stableStringify(gold.length > 0 ? gold.slice(0, -1) : ['?']);
  if (gold !== null && typeof gold === 'object') {
    const copy: Record<string, unknown> = { ...(gold as Record<string, unknown>) };
    const keys = Object.keys(copy).sort();
    if (keys.length === 0) return 'null';
    const key = keys[Math.min(keys.length - 1, Math.floor(choice * keys.length))]!;
    if (keys.length > 1) delete copy[key];
    else copy[key] = changed(copy[key]);
    return stableStringify(copy);
  }
  return truncated(textOf(gold));
}

function changed(value: unknown): unknown {
  if (typeof value === 'string') return truncated(value);
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  return value === null ? 'unknown' : null;
}

/** The first half of the words, or of the characters of a single word; "unknown" when nothing is left. */
function truncated(text: string): string {
  const words = text.trim().split(/\s+/);
  const cut =
    words.length > 1
      ? words.slice(0, Math.floor(words.length / 2)).join(' ')
      : text.trim().slice(0, Math.floor(text.trim().length / 2));
  return cut === '' ? 'unknown' : cut;
}
