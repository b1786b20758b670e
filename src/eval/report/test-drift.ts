import type { RunStore } from '../../store/run-store.ts';
import { wordTokens } from '../assertions/text/word-tokens.ts';

/** Where a column's cells live in a run. */
export interface ColumnAddress {
  runId: string;
  promptIndex: number;
  modelIndex: number;
}

/** A test whose outcome changed between two runs, with its first output on each side. */
export interface TestChange {
  /** The test's place in the later run, from 1 (as its report numbers it). */
  test: number;
  testId: string;
  /** Its description, else its first variables (see testLabel), when the suite still has it. */
  label?: string;
  /** Share of the test's repeats that passed. */
  before: number;
  after: number;
  beforeOutput: string;
  afterOutput: string;
}

/** How one column's answers moved between two runs, test by test. */
export interface ColumnDrift {
  sharedTests: number;
  /** Tests that mostly passed before and mostly fail now. */
  regressed: TestChange[];
  improved: TestChange[];
  /** Tests whose first output is not the same text. */
  changedOutputs: number;
  /** Mean word-overlap similarity (Dice, 0–1) of the first outputs over shared tests. */
  meanSimilarity: number | undefined;
}

interface TestSide {
  testIndex: number;
  passed: number;
  judged: number;
  output: string;
}

// Outputs are kept cut to this length: enough to show and compare, bounded in memory.
const KEPT_OUTPUT = 2_000;

/** Compare one column of an earlier run with one of a later run on the tests both have. */
export function columnDrift(store: RunStore, before: ColumnAddress, after: ColumnAddress): ColumnDrift {
  const earlier = readColumn(store, before);
  const drift: ColumnDrift = {
    sharedTests: 0,
    regressed: [],
    improved: [],
    changedOutputs: 0,
    meanSimilarity: undefined,
  };
  let similaritySum = 0;
  for (const [testId, later] of readColumn(store, after)) {
    const first = earlier.get(testId);
    if (first === undefined) continue;
    drift.sharedTests++;
    if (first.output !== later.output) drift.changedOutputs++;
    similaritySum += diceSimilarity(first.output, later.output);
    if (first.judged === 0 || later.judged === 0) continue;
    const change: TestChange = {
      test: later.testIndex + 1,
      testId,
      before: first.passed / first.judged,
      after: later.passed / later.judged,
      beforeOutput: first.output,
      afterOutput: later.output,
    };
    if (change.before >= 0.5 && change.after < 0.5) drift.regressed.push(change);
    else if (change.before < 0.5 && change.after >= 0.5) drift.improved.push(change);
  }
  if (drift.sharedTests > 0) drift.meanSimilarity = similaritySum / drift.sharedTests;
  return drift;
}

function readColumn(store: RunStore, column: ColumnAddress): Map<string, TestSide> {
  const tests = new Map<string, TestSide>();
  for (const cell of store.iterateTestResults(column.runId, column.promptIndex, column.modelIndex)) {
    let side = tests.get(cell.testId);
    if (side === undefined) {
      side = {
        testIndex: cell.testIndex,
        passed: 0,
        judged: 0,
        output: (cell.output ?? '').slice(0, KEPT_OUTPUT),
      };
      tests.set(cell.testId, side);
    }
    if (cell.pass !== null) {
      side.judged++;
      side.passed += cell.pass;
    }
  }
  return tests;
}

/** Dice coefficient of the two texts' word multisets: 1 for the same words, 0 for none shared. */
export function diceSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const left = wordTokens(a);
  const right = wordTokens(b);
  if (left.length + right.length === 0) return 1;
  const counts = new Map<string, number>();
  for (const word of left) counts.set(word, (counts.get(word) ?? 0) + 1);
  let shared = 0;
  for (const word of right) {
    const count = counts.get(word) ?? 0;
    if (count > 0) {
      shared++;
      counts.set(word, count - 1);
    }
  }
  return (2 * shared) / (left.length + right.length);
}
