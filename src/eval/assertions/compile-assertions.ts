import type { AssertionEntry, AssertionResult, AssertionSet, AssertionType } from '../../spec/assertion.ts';
import { isPlumeError, PlumeError, type SourceLocation } from '../../util/errors.ts';
import type { AssertionContext } from './assertion-context.ts';
import type { ModelNeed } from './assertion-handler.ts';
import { loadAssertionHandlers, loadedAssertionHandler } from './assertion-registry.ts';
import {
  baseType,
  type CompiledCheck,
  type CompiledComparison,
  compileAssertion,
} from './compile-assertion.ts';
import { metricName } from './metric-name.ts';
import { summarizeResults } from './summarize-results.ts';

/** An assert-set: its checks run together and count as one weighted result. */
export interface CompiledGroup {
  readonly kind: 'group';
  readonly weight: number;
  readonly metric: string | undefined;
  readonly children: readonly CompiledCheck[];
  run(context: AssertionContext): Promise<AssertionResult>;
}

/** A test's assertions, parsed once, ready for evaluateAssertions and compareOutputs. */
export interface CompiledAssertions {
  /** Per-cell checks and groups, in suite order. */
  readonly checks: readonly (CompiledCheck | CompiledGroup)[];
  /** Checks comparing the cells of one test (select-best); run by compareOutputs. */
  readonly comparisons: readonly CompiledComparison[];
  /** The test's pass mark on the weighted score; undefined: every check must pass. */
  readonly threshold: number | undefined;
  /** Models the checks call, so the engine can fail early when one is missing. */
  readonly needsModels: ReadonlySet<ModelNeed>;
  /** The `provider` each model-graded check names, distinct; undefined for those naming none. */
  readonly judgeProviders: ReadonlySet<string | undefined>;
  /** Whether any check runs JavaScript (undecided when the run allows no code). */
  readonly needsCode: boolean;
  /** Whether any check runs JavaScript that came with test data (undecided unless allowCode: true). */
  readonly needsDataCode: boolean;
}

/** Where the assertions sit in the suite, for error messages. */
export interface CompileOptions {
  threshold?: number;
  /** Path of the `assert` list in the suite document, e.g. ['tests', 3, 'assert']. */
  path?: readonly PropertyKey[];
  /** Maps a path to file:line (a YamlSource's `locate`). */
  locate?: (path: readonly PropertyKey[]) => SourceLocation;
  /** The index of the first entry written in test data (SuiteTest.dataChecksFrom); undefined: none. */
  dataFrom?: number;
  /** Whether the test's vars were written in test data (code filled in from them is data's). */
  dataVars?: boolean;
}

/**
 * Load the handlers an `assert` list needs before it is compiled; undefined when they all are
 * (a run's tests mostly share their checks, so this is nearly always a lookup).
 */
export function prepareAssertions(entries: readonly AssertionEntry[]): Promise<void> | undefined {
  const missing = new Set<AssertionType>();
  const visit = (list: readonly AssertionEntry[]): void => {
    for (const entry of list) {
      if (entry.type === 'assert-set') visit(entry.assert);
      else if (loadedAssertionHandler(baseType(entry.type)) === undefined) missing.add(baseType(entry.type));
    }
  };
  visit(entries);
  return missing.size === 0 ? undefined : loadAssertionHandlers(missing);
}

/** Compile a test's `assert` list once; throws a located PlumeError on the first wrong entry. */
export function compileAssertions(
  entries: readonly AssertionEntry[],
  options: CompileOptions = {},
): CompiledAssertions {
  const path = options.path ?? ['assert'];
  const checks: (CompiledCheck | CompiledGroup)[] = [];
  const comparisons: CompiledComparison[] = [];
  entries.forEach((entry, index) => {
    const origin = options.dataFrom !== undefined && index >= options.dataFrom ? 'data' : undefined;
    if (entry.type === 'assert-set') {
      checks.push(compileGroup(entry, [...path, index], options, origin));
      return;
    }
    const compiled = located(
      () => compileAssertion(entry, origin, options.dataVars === true),
      [...path, index],
      options,
    );
    if (compiled.kind === 'compare') comparisons.push(compiled);
    else checks.push(compiled);
  });
  const all = [
    ...checks.flatMap((check) => (check.kind === 'group' ? check.children : [check])),
    ...comparisons,
  ];
  return {
    checks,
    comparisons,
    threshold: options.threshold,
    needsModels: new Set(all.flatMap((check) => (check.needsModel ? [check.needsModel] : []))),
    judgeProviders: new Set(all.flatMap((check) => (check.needsModel === 'judge' ? [check.provider] : []))),
    needsCode: all.some((check) => check.needsCode),
    needsDataCode: all.some((check) => check.dataCode),
  };
}

function compileGroup(
  group: AssertionSet,
  path: PropertyKey[],
  options: CompileOptions,
  origin: 'data' | undefined,
): CompiledGroup {
  const children = group.assert.map((entry, index) =>
    located(
      () => {
        const compiled = compileAssertion(entry, origin, options.dataVars === true);
        if (compiled.kind === 'compare')
          throw new PlumeError({
            code: 'CONFIG_INVALID',
            message: `"${entry.type}" cannot be inside an assert-set`,
          });
        return compiled;
      },
      [...path, 'assert', index],
      options,
    ),
  );
  const weight = group.weight ?? 1;
  const metricFor = located(() => metricName(group.metric), path, options);
  return {
    kind: 'group',
    weight,
    metric: group.metric,
    children,
    async run(context) {
      const results = await Promise.all(children.map((child) => child.run(context)));
      const summary = summarizeResults(results, group.threshold);
      const metric = metricFor(context.vars);
      return {
        type: 'assert-set',
        pass: summary.pass,
        score: summary.score,
        reason: summary.reason,
        weight,
        ...(metric !== undefined && { metric }),
        // A group whose checks could not decide is itself undecided to the list it is in.
        ...(summary.undecided && { error: true as const }),
        children: results,
      };
    },
  };
}

/** Run a compile step; a config error gets the entry's path and file:line. */
function located<T>(compile: () => T, path: readonly PropertyKey[], options: CompileOptions): T {
  try {
    return compile();
  } catch (error) {
    if (!isPlumeError(error) || error.code !== 'CONFIG_INVALID') throw error;
    const location = options.locate?.(path);
    throw new PlumeError({
      code: 'CONFIG_INVALID',
      message: `${formatPath(path)}: ${error.message}`,
      hint: error.hint,
      location,
      cause: error,
    });
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
    .join('');
}
