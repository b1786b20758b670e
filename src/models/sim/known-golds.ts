import { textOf } from './sim-text.ts';

const MAX_LABELS = 1_000;

/**
 * What one sim model has learned from the tests it answered: the gold of each input (folded),
 * the oldest forgotten past `limit`, and the distinct golds as labels (for classify's wrong answers).
 */
export class KnownGolds {
  readonly #golds = new Map<string, unknown>();
  readonly #labels = new Set<string>();
  readonly #limit: number;

  constructor(limit = 10_000) {
    this.#limit = limit;
  }

  /** Remember the gold of an input (the latest wins). */
  learn(input: string, gold: unknown): void {
    this.#golds.delete(input);
    this.#golds.set(input, gold);
    if (this.#golds.size > this.#limit) this.#golds.delete(this.#golds.keys().next().value!);
    if (this.#labels.size < MAX_LABELS) this.#labels.add(textOf(gold));
  }

  /** Distinct golds learned, as text, in the order first seen. */
  labels(): string[] {
    return [...this.#labels];
  }

  /** A read-only view, for simProbability. */
  asMap(): ReadonlyMap<string, unknown> {
    return this.#golds;
  }
}
