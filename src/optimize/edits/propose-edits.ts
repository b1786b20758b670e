import { PlumeError } from '../../util/errors.ts';
import { addTechnique } from './add-technique.ts';
import { deletePhrase } from './delete-phrase.ts';
import { EDIT_OPERATIONS, type Edit, type EditHandler, type EditOperation } from './edit.ts';
import { paraphraseWord } from './paraphrase-word.ts';
import { randomChoice } from './random-choice.ts';
import { splitPhrases } from './split-phrases.ts';
import { swapPhrases } from './swap-phrases.ts';

/** Each operation's handler: the compiler proves every EditOperation has one. */
const OPERATIONS: Readonly<Record<EditOperation, EditHandler>> = {
  delete: deletePhrase,
  swap: swapPhrases,
  paraphrase: paraphraseWord,
  add: addTechnique,
};

/** Tries per edit asked for, before settling for fewer (a short body has few distinct edits). */
const TRIES_PER_EDIT = 20;

/** What proposeEdits is told. */
export interface ProposeEditsOptions {
  /** A draw in [0, 1): the same function (seeded the same) gives the same edits. */
  random: () => number;
  /** How many edits to propose; fewer come back when the body does not allow that many. */
  count: number;
  /** The operations to draw from; default: all four. */
  operations?: readonly EditOperation[];
  /** Bodies not to propose (candidates raced already). */
  exclude?: ReadonlySet<string>;
  /** Additions raced already (additionKey): `add` draws the others first. */
  triedAdditions?: ReadonlySet<string>;
}

/**
 * GrIPS-style candidate prompts (Prasad et al. 2022): `count` single edits of `body`, each a
 * phrase deleted, two phrases swapped, a word paraphrased or a catalogue technique added (in one
 * of its phrasings). The
 * bodies are distinct, differ from the input, and keep every template tag of the input (so every
 * placeholder). Deterministic for a given `random`; no model is called.
 */
export async function proposeEdits(body: string, options: ProposeEditsOptions): Promise<Edit[]> {
  const operations = options.operations ?? EDIT_OPERATIONS;
  if (!Number.isInteger(options.count) || options.count < 0 || operations.length === 0) {
    throw new PlumeError({
      code: 'USAGE',
      message: 'proposeEdits needs a whole count of 0 or more and at least one operation',
    });
  }
  const phrases = splitPhrases(body);
  const tags = tagCounts(body);
  const seen = new Set([body]);
  const edits: Edit[] = [];
  for (let tries = 0; tries < options.count * TRIES_PER_EDIT && edits.length < options.count; tries++) {
    const operation = randomChoice(operations, options.random);
    const taken = options.exclude ? new Set([...seen, ...options.exclude]) : seen;
    const hints = { taken, ...(options.triedAdditions ? { triedAdditions: options.triedAdditions } : {}) };
    const draft = await OPERATIONS[operation](body, phrases, options.random, hints);
    if (!draft || seen.has(draft.body) || options.exclude?.has(draft.body) || !keepsTags(draft.body, tags)) {
      continue;
    }
    seen.add(draft.body);
    edits.push({ operation, ...draft });
  }
  return edits;
}

function tagCounts(body: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const match of body.matchAll(/\{\{[^}]*\}\}\}?/g))
    counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
  return counts;
}

/** True when `body` holds every tag of the input at least as often (`add` may add a role marker). */
function keepsTags(body: string, tags: ReadonlyMap<string, number>): boolean {
  const now = tagCounts(body);
  return [...tags].every(([tag, count]) => (now.get(tag) ?? 0) >= count);
}
