import type { PlannedTest } from './plan-cells.ts';

/**
 * Checks a run's tests as they are planned for checks that cannot be decided in this run, and
 * says so once each: code checks in a suite that does not allow code, and embedding checks,
 * for which the runner has no embedding model yet. Such checks are recorded as undecided.
 */
export class RunWarnings {
  readonly #allowCode: boolean;
  readonly #said = new Set<string>();

  constructor(allowCode: boolean) {
    this.#allowCode = allowCode;
  }

  check(test: PlannedTest, warn: (message: string) => void): void {
    const { assertions } = test;
    if (assertions.needsCode && !this.#allowCode) {
      this.#once('code', warn, "javascript checks will not run: the suite does not set 'allowCode: true'");
    }
    if (assertions.needsModels.has('embedding')) {
      this.#once(
        'embedding',
        warn,
        'similar checks cannot be decided: no embedding model is set up for runs yet',
      );
    }
  }

  #once(key: string, warn: (message: string) => void, message: string): void {
    if (this.#said.has(key)) return;
    this.#said.add(key);
    warn(message);
  }
}
