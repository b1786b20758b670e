import { randomUUID } from 'node:crypto';
import type { AssertionResult, AssertionsResult } from '../../spec/assertion.ts';
import type { CodePolicy, SuiteExtension, SuiteTest } from '../../spec/suite.ts';
import { isPlainObject } from '../../util/is-plain-object.ts';
import type { CompiledAssertions } from '../assertions/compile-assertions.ts';
import { summarizeResults } from '../assertions/summarize-results.ts';
import {
  CODE_NOT_ALLOWED,
  compileUserCode,
  DATA_CODE_NOT_ALLOWED,
  type UserCode,
  type UserCodeContext,
} from '../assertions/user-code.ts';
import { callHook } from '../suite/extension-hooks.ts';

/** What a test's own code gave: its value, or why there is none (the cell is then undecided). */
export type CodeOutcome<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * A run's test options code, promptfoo's `transformVars` (vars → vars to merge in, before the
 * prompt is rendered) and `transform` (the answer → the output the checks see), each run in the
 * sandbox like a check's code and under the same CodePolicy. A test's transformVars runs once,
 * whatever its number of cells; each text is compiled once.
 */
export class TestCode {
  readonly #policy: CodePolicy;
  readonly #beforeEach: readonly SuiteExtension[];
  readonly #compiled = new Map<string, UserCode>();
  readonly #vars = new WeakMap<SuiteTest, Promise<CodeOutcome<Record<string, unknown>>>>();

  /** `beforeEach`: the suite's extensions that serve the beforeEach hook (hooksFor), run first, once per test. */
  constructor(policy: CodePolicy, beforeEach: readonly SuiteExtension[] = []) {
    this.#policy = policy;
    this.#beforeEach = beforeEach;
  }

  /**
   * The test's vars as its extensions' beforeEach hooks leave them, with its transformVars' result
   * merged in; undefined for a test that has neither.
   */
  vars(test: SuiteTest): Promise<CodeOutcome<Record<string, unknown>>> | undefined {
    const code = test.options.transformVars;
    if (code === undefined && this.#beforeEach.length === 0) return undefined;
    let outcome = this.#vars.get(test);
    if (outcome === undefined) {
      outcome = this.#hooked(test).then(async (hooked) => {
        if (!hooked.ok || code === undefined) return hooked;
        const vars = hooked.value;
        const ran = await this.#run(test, code, 'vars', vars, { vars, prompt: undefined });
        if (!ran.ok) return ran;
        const value = ran.value;
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          return { ok: false, reason: "the test's transformVars returned no object of vars" };
        }
        return { ok: true, value: { ...vars, ...(value as Record<string, unknown>) } };
      });
      this.#vars.set(test, outcome);
    }
    return outcome;
  }

  /** The test's vars after each beforeEach hook, given `{ test }` and taken back from its `test.vars`. */
  async #hooked(test: SuiteTest): Promise<CodeOutcome<Record<string, unknown>>> {
    let vars = test.vars;
    for (const hook of this.#beforeEach) {
      const view = {
        ...(test.description === undefined ? {} : { description: test.description }),
        vars,
        assert: test.assert,
        metadata: test.metadata,
        ...(test.threshold === undefined ? {} : { threshold: test.threshold }),
      };
      const result = await callHook(hook, 'beforeEach', { test: view });
      if (!result.ok)
        return { ok: false, reason: `the extension ${hook.written}: its beforeEach hook ${result.reason}` };
      const returned = isPlainObject(result.value) ? result.value.test : undefined;
      if (isPlainObject(returned) && isPlainObject(returned.vars)) vars = returned.vars;
    }
    return { ok: true, value: vars };
  }

  /** The output the test's checks see: its transform's result (non-strings as JSON); undefined without one. */
  output(
    test: SuiteTest,
    output: string,
    vars: Readonly<Record<string, unknown>>,
    prompt: string,
  ): Promise<CodeOutcome<string>> | undefined {
    const code = test.options.transform;
    if (code === undefined) return undefined;
    return this.#run(test, code, 'output', output, { vars, prompt }).then((ran) => {
      if (!ran.ok) return ran;
      const value = ran.value;
      if (value === undefined || value === null)
        return { ok: false, reason: "the test's transform returned nothing" };
      return { ok: true, value: typeof value === 'string' ? value : (JSON.stringify(value) ?? '') };
    });
  }

  async #run(
    test: SuiteTest,
    code: string,
    input: 'output' | 'vars',
    value: unknown,
    cell: { vars: Readonly<Record<string, unknown>>; prompt: string | undefined } | undefined,
  ): Promise<CodeOutcome<unknown>> {
    if (this.#policy === 'none') return { ok: false, reason: CODE_NOT_ALLOWED };
    if (test.dataOptionCode === true && this.#policy !== 'all')
      return { ok: false, reason: DATA_CODE_NOT_ALLOWED };
    const what = input === 'vars' ? 'transformVars' : 'transform';
    let compiled = this.#compiled.get(`${input}\n${code}`);
    if (compiled === undefined) {
      compiled = compileUserCode(code, `options.${what}`, input);
      this.#compiled.set(`${input}\n${code}`, compiled);
    }
    const context: UserCodeContext = {
      vars: cell?.vars ?? test.vars,
      test: test.description === undefined ? {} : { description: test.description },
      prompt: cell?.prompt,
      latencyMs: undefined,
      costUsd: undefined,
      tokens: undefined,
      ...(input === 'vars' ? { uuid: randomUUID() } : {}),
    };
    const result = await compiled.run(value, context);
    return result.ok ? result : { ok: false, reason: `the test's ${what} ${result.reason}` };
  }
}

/** A cell's verdict when its test's code could not run: every check undecided, for that reason. */
export function undecidedVerdict(compiled: CompiledAssertions, reason: string): AssertionsResult {
  const results = compiled.checks.map(
    (check): AssertionResult => ({
      type: check.kind === 'group' ? 'assert-set' : check.type,
      pass: false,
      score: 0,
      reason,
      weight: check.weight,
      error: true,
    }),
  );
  return summarizeResults(results, compiled.threshold);
}
