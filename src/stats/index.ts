// The statistics layer's public API: intervals, paired tests, corrections and verdicts.

export { blockedRateTest } from './blocked-rate-test.ts';
export {
  type BootstrapInterval,
  type BootstrapOptions,
  bootstrapMeanInterval,
  DEFAULT_RESAMPLES,
  type ResamplingOptions,
} from './bootstrap-mean-interval.ts';
export { bootstrapTest } from './bootstrap-test.ts';
export { chiSquareUpperTail } from './chi-square-tail.ts';
export { type ClusteredInterval, clusteredProportion } from './clustered-proportion.ts';
export {
  type Column,
  type CompareAllOptions,
  type Comparison,
  compareAll,
  decidePairs,
  type PairToDecide,
  type SampleSizeAdvice,
} from './compare-all.ts';
export {
  type ComparePairOptions,
  comparePair,
  comparePairInterval,
  type PairedMethod,
  type PairResult,
} from './compare-pair.ts';
export { type ComparisonRecord, comparisonRecord, type SideEstimate } from './comparison-record.ts';
export { type Decision, decide, excludesZero } from './decision.ts';
export { fisherExact } from './fisher-exact.ts';
export { flakyTests } from './flaky-tests.ts';
export { formatLevel, formatVerdict, type VerdictInput } from './format-verdict.ts';
export {
  type GroupTestMethod,
  type GroupTestOptions,
  type GroupTestResult,
  groupRateTest,
  MIN_EXPECTED,
} from './group-rate-test.ts';
export { holm, holmLevels } from './holm.ts';
export type { Interval, PerTestOutcomes } from './interval.ts';
export { type McnemarResult, mcnemarExact } from './mcnemar-exact.ts';
export { newcombePairedInterval, type PairedTable } from './newcombe-paired-interval.ts';
export { type PairedPassFailOptions, type PairedPassFailResult, pairedPassFail } from './paired-pass-fail.ts';
export {
  type PairedScoresOptions,
  type PairedScoresResult,
  pairedDifferenceInterval,
  pairedScores,
} from './paired-scores.ts';
export { isPassFail, perTestMeans } from './per-test-means.ts';
export { RandomSource } from './random-source.ts';
export { type PowerOptions, requiredSampleSize, type SampleSizeInput } from './required-sample-size.ts';
export { type SignFlipOptions, type SignFlipResult, signFlipTest } from './sign-flip-test.ts';
export { type ColumnSummary, summarizeColumn } from './summarize-column.ts';
export { wilsonInterval } from './wilson-interval.ts';
