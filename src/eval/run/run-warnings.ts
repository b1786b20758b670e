import type { CodePolicy } from '../../spec/suite.ts';
import { UNDECIDED_ADVICE, UNDECIDED_LEFT_OUT } from '../assertions/undecided-advice.ts';
import type { PlannedTest } from './plan-cells.ts';
import { type SelfGradingCheck, selfGradingWarning } from './run-grader.ts';

/**
 * Checks a run's tests as they are planned for checks that cannot be decided in this run, and
 * says so once each: code checks in a run that allows no code, code checks written in test data
 * in a suite that does not allow data's code, and embedding checks
 * when the project sets no embedding model. Such checks are recorded as undecided. Also says
 * when model-graded checks are graded by a model under test, which grades its own answers.
 */
export class RunWarnings {
  readonly #codePolicy: CodePolicy;
  readonly #canEmbed: boolean;
  readonly #selfGrading: SelfGradingCheck | undefined;
  readonly #said = new Set<string>();

  constructor(codePolicy: CodePolicy, canEmbed: boolean, selfGrading?: SelfGradingCheck) {
    this.#codePolicy = codePolicy;
    this.#canEmbed = canEmbed;
    this.#selfGrading = selfGrading;
  }

  check(test: PlannedTest, warn: (message: string) => void): void {
    const { assertions } = test;
    const { options } = test.test;
    // The test's own transform and transformVars are code too.
    const optionCode = options.transform !== undefined || options.transformVars !== undefined;
    const needsCode = assertions.needsCode || optionCode;
    const needsDataCode = assertions.needsDataCode || (optionCode && test.test.dataOptionCode === true);
    if (needsCode && this.#codePolicy === 'none') {
      this.#once(
        'code',
        warn,
        `javascript checks will be undecided: ${UNDECIDED_ADVICE.code} (${UNDECIDED_LEFT_OUT})`,
      );
    } else if (needsDataCode && this.#codePolicy === 'suite') {
      this.#once(
        'data-code',
        warn,
        `javascript checks from test data will be undecided: ${UNDECIDED_ADVICE.dataCode} (${UNDECIDED_LEFT_OUT})`,
      );
    }
    if (assertions.needsModels.has('embedding') && !this.#canEmbed) {
      this.#once(
        'embedding',
        warn,
        `similar checks will be undecided: ${UNDECIDED_ADVICE.embedding} (${UNDECIDED_LEFT_OUT})`,
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
