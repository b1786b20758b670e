/** A point estimate with a two-sided confidence interval around it. */
export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
  /** Two-sided confidence level, e.g. 0.95. */
  confidence: number;
}

/** Outcomes of one column (a prompt or a model): one array per test, one number per repeat. */
export type PerTestOutcomes = readonly (readonly number[])[];
