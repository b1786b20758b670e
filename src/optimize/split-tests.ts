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
 * Split tests by a hash of (seed, test id) read as a number in [0, 1): the same test lands in the
 * same part on every run and on resume, and adding tests never moves the others. Part sizes are
 * the shares up to sampling noise. Shares are normalized to sum to 1.
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
  const train: SuiteTest[] = [];
  const validation: SuiteTest[] = [];
  const test: SuiteTest[] = [];
  for (const entry of tests) {
    const share = Number.parseInt(hashValue({ seed, id: entry.id }).slice(0, 12), 16) / 2 ** 48;
    if (share < shares.train / total) train.push(entry);
    else if (share < (shares.train + shares.validation) / total) validation.push(entry);
    else test.push(entry);
  }
  return { train, validation, test };
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
