import type { TechniqueId } from '../../library/techniques/technique.ts';
import type { Phrase } from './split-phrases.ts';

/** The GrIPS edit operations (Prasad et al. 2022), in the order plume tries them by default. */
export const EDIT_OPERATIONS = ['delete', 'swap', 'paraphrase', 'add'] as const;

/** One kind of phrase-level edit. */
export type EditOperation = (typeof EDIT_OPERATIONS)[number];

/** A candidate prompt body made by one edit, with a line saying what changed. */
export interface Edit {
  operation: EditOperation;
  /** What changed, for people: "paraphrase: 'classify' → 'categorize'". */
  description: string;
  body: string;
  /** `add` only: the technique added, and in which of its phrasings (1-based). */
  addition?: { technique: TechniqueId; phrasing: number };
}

/** An addition's key in a set of additions tried: `output-format:4`. */
export function additionKey(addition: { technique: TechniqueId; phrasing: number }): string {
  return `${addition.technique}:${addition.phrasing}`;
}

/** What a search tells the operations about its past. */
export interface EditHints {
  /** Additions already raced (additionKey): `add` prefers the others while any is left. */
  triedAdditions?: ReadonlySet<string>;
  /** Bodies proposed or raced already: not worth drawing again. */
  taken?: ReadonlySet<string>;
}

/** What an operation returns before proposeEdits checks and labels it. */
export type EditDraft = Omit<Edit, 'operation'>;

/** Makes one random edit of `body`, or nothing when the operation has nothing to work on. */
export type EditHandler = (
  body: string,
  phrases: readonly Phrase[],
  random: () => number,
  hints?: EditHints,
) => EditDraft | undefined | Promise<EditDraft | undefined>;

/** A phrase quoted for a description, shortened past 40 characters. */
export function quotePhrase(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return `'${flat.length > 40 ? `${flat.slice(0, 39)}…` : flat}'`;
}
