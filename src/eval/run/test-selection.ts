import type { RunSelection } from '../../spec/run.ts';
import type { Suite, SuiteTest } from '../../spec/suite.ts';
import { PlumeError } from '../../util/errors.ts';
import { iterateTestBatches, iterateTests } from '../suite/iterate-tests.ts';

/** What a selection needs from outside: the failing tests of an earlier run. */
export interface SelectionContext {
  failingTestIds?: (runId: string) => Set<string>;
}

/**
 * The tests of a suite a run covers, streamed in suite order in batches of consecutive tests
 * (none empty): those that failed in an earlier run, those matching a pattern, a seeded sample
 * of them, then the first N.
 */
export async function* selectTestBatches(
  suite: Suite,
  selection: RunSelection,
  context: SelectionContext = {},
): AsyncGenerator<SuiteTest[]> {
  const matches = matcher(selection, context);
  let chosen: Set<number> | undefined;
  if (selection.sample !== undefined) {
    const count = matches === undefined ? suite.testCount : await countMatches(suite, matches);
    chosen = sampleIndices(count, selection.sample, suite.seed ?? 0);
  }
  if (matches === undefined && chosen === undefined && selection.firstN === undefined) {
    yield* iterateTestBatches(suite);
    return;
  }
  let matchIndex = 0;
  let yielded = 0;
  for await (const batch of iterateTestBatches(suite)) {
    const kept: SuiteTest[] = [];
    for (const test of batch) {
      if (selection.firstN !== undefined && yielded >= selection.firstN) break;
      if (matches !== undefined && !matches(test)) continue;
      const index = matchIndex++;
      if (chosen !== undefined && !chosen.has(index)) continue;
      yielded += 1;
      kept.push(test);
    }
    if (kept.length > 0) yield kept;
    if (selection.firstN !== undefined && yielded >= selection.firstN) return;
  }
}

/** The tests a run covers one at a time (see selectTestBatches). */
export async function* selectTests(
  suite: Suite,
  selection: RunSelection,
  context: SelectionContext = {},
): AsyncGenerator<SuiteTest> {
  for await (const batch of selectTestBatches(suite, selection, context)) yield* batch;
}

/** How many tests a run covers, counted by streaming the suite. */
export async function countSelectedTests(
  suite: Suite,
  selection: RunSelection,
  context: SelectionContext = {},
): Promise<number> {
  if (Object.values(selection).every((value) => value === undefined)) return suite.testCount;
  let count = 0;
  for await (const _ of selectTests(suite, selection, context)) count += 1;
  return count;
}

function matcher(
  selection: RunSelection,
  context: SelectionContext,
): ((test: SuiteTest) => boolean) | undefined {
  const checks: ((test: SuiteTest) => boolean)[] = [];
  if (selection.failingOnly !== undefined) {
    const failing = context.failingTestIds?.(selection.failingOnly) ?? new Set<string>();
    checks.push((test) => failing.has(test.id));
  }
  if (selection.pattern !== undefined) {
    const pattern = compilePattern(selection.pattern);
    checks.push((test) => pattern.test(test.description ?? '') || pattern.test(JSON.stringify(test.vars)));
  }
  return checks.length === 0 ? undefined : (test) => checks.every((check) => check(test));
}

function compilePattern(text: string): RegExp {
  try {
    return new RegExp(text);
  } catch (cause) {
    throw new PlumeError({
      code: 'USAGE',
      message: `--pattern '${text}' is not a regular expression`,
      hint: 'write a JavaScript regular expression, such as "refund|return"',
      cause,
    });
  }
}

async function countMatches(suite: Suite, matches: (test: SuiteTest) => boolean): Promise<number> {
  let count = 0;
  for await (const test of iterateTests(suite)) if (matches(test)) count += 1;
  return count;
}

/** `size` distinct indices below `count`, drawn with Floyd's algorithm from a seeded generator. */
export function sampleIndices(count: number, size: number, seed: number): Set<number> {
  const random = mulberry32(seed);
  const chosen = new Set<number>();
  for (let j = Math.max(0, count - size); j < count; j++) {
    const pick = Math.floor(random() * (j + 1));
    chosen.add(chosen.has(pick) ? j : pick);
  }
  return chosen;
}

/** A small seeded generator (mulberry32): the same seed draws the same numbers in [0, 1) everywhere. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
