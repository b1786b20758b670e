import { UNDECIDED_ADVICE, UNDECIDED_LEFT_OUT } from '../assertions/undecided-advice.ts';
import type { PlannedTest } from './plan-cells.ts';
import { type SelfGradingCheck, selfGradingWarning } from './run-grader.ts';

/**
 * Checks a run's tests as they are planned for checks that cannot be decided in this run, and
 * says so once each: code checks in a suite that does not allow code, and embedding checks
 * naming no embedding model when the project sets no local one. Such checks are recorded as undecided. Also says
 * when model-graded checks are graded by a model under test, which grades its own answers.
 */
export class RunWarnings {
  readonly #allowCode: boolean;
  readonly #canEmbed: boolean;
  readonly #selfGrading: SelfGradingCheck | undefined;
  readonly #said = new Set<string>();

  constructor(allowCode: boolean, canEmbed: boolean, selfGrading?: SelfGradingCheck) {
    this.#allowCode = allowCode;
    this.#canEmbed = canEmbed;
    this.#selfGrading = selfGrading;
  }

  check(test: PlannedTest, warn: (message: string) => void): void {
    const { assertions } = test;
    if (assertions.needsCode && !this.#allowCode) {
      this.#once(
        'code',
        warn,
        `javascript checks will be undecided: ${UNDECIDED_ADVICE.code} (${UNDECIDED_LEFT_OUT})`,
      );
    }
    // Checks naming no embedding model (nor their test) use the local one, when there is one.
    const usesDefault =
      assertions.embeddingProviders.has(undefined) && test.test.options.embeddingProvider === undefined;
    if (usesDefault && !this.#canEmbed) {
      this.#once(
        'embedding',
        warn,
        `embedding checks will be undecided: ${UNDECIDED_ADVICE.embedding} (${UNDECIDED_LEFT_OUT})`,
      );
    }
    const selfGrader = this.#selfGrading?.check(test);
    if (selfGrader !== undefined) warn(selfGradingWarning(selfGrader));
  }

  #once(key: string, warn: (message: string) => void, message: string): void {
    if (this.#said.has(key)) return;
    this.#said.add(key);
    warn(message);
  }
}
