import type { SuiteTest } from '../spec/suite.ts';
import { PlumeError } from '../util/errors.ts';
import { hashValue } from '../util/hash.ts';

/** Shares of the tests used for proposals (train), selection (validation) and the final held-out test. */
export interface SplitShares {
  train: number;
  validation: number;
  test: number;
}

export const DEFAULT_SPLIT: SplitShares = { train: 0.3, validation: 0.4, test: 0.3 };

/** Tests split three ways; each list keeps the suite's order. */
export interface TestSplit {
  train: SuiteTest[];
  validation: SuiteTest[];
  test: SuiteTest[];
}

/**
 * Split tests by a hash of (seed, test id): the same tests land in the same part on every run and
 * on resume, and adding a test does not move the others. Shares are normalized to sum to 1.
 */
export function splitTests(tests: readonly SuiteTest[], shares: SplitShares, seed: number): TestSplit {
  const total = shares.train + shares.validation + shares.test;
  if (!(total > 0) || shares.validation <= 0 || shares.test <= 0 || shares.train < 0) {
    throw new PlumeError({
      code: 'USAGE',
      message: `split ${shares.train}/${shares.validation}/${shares.test} is not usable`,
      hint: 'give three non-negative shares (train/validation/test) with validation and test above 0, e.g. --split 0.3/0.4/0.3',
    });
  }
  const ranked = tests
    .map((test) => ({ test, rank: Number.parseInt(hashValue({ seed, id: test.id }).slice(0, 12), 16) }))
    .sort((a, b) => a.rank - b.rank);
  const trainEnd = Math.round((ranked.length * shares.train) / total);
  const validationEnd = trainEnd + Math.round((ranked.length * shares.validation) / total);
  const part = (from: number, to: number) => {
    const chosen = new Set(ranked.slice(from, to).map((entry) => entry.test));
    return tests.filter((test) => chosen.has(test));
  };
  return {
    train: part(0, trainEnd),
    validation: part(trainEnd, validationEnd),
    test: part(validationEnd, ranked.length),
  };
}

/** Parse `0.3/0.4/0.3` (or with commas). */
export function parseSplit(text: string): SplitShares {
  const parts = text.split(/[/,]/).map((part) => Number(part.trim()));
  if (parts.length !== 3 || parts.some((part) => !Number.isFinite(part))) {
    throw new PlumeError({
      code: 'USAGE',
      message: `--split '${text}' is not three numbers`,
      hint: 'write train/validation/test shares, e.g. --split 0.3/0.4/0.3',
    });
  }
  return { train: parts[0]!, validation: parts[1]!, test: parts[2]! };
}
