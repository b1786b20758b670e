/** Typed calls for a run's breakdowns by a test variable and its named metrics (see /api/openapi.json). */
import { call, enc, type Interval, type RunReport } from './api.ts';

/** One value of the variable in one column. */
export interface BreakdownCell {
  value: string;
  tests: number;
  passRate?: Interval & { method: string };
}
/** A column's test across the values (see docs/breakdowns.md). */
export interface BreakdownTest {
  method: string;
  statistic?: number;
  degreesOfFreedom: number;
  pValue: number;
  adjustedPValue: number;
  significant: boolean;
  resamples?: number;
  blocks?: number;
}
export interface BreakdownColumn {
  column: string;
  values: BreakdownCell[];
  test?: BreakdownTest;
  spread?: { highest: string; lowest: string; difference: number; testsNeeded?: number };
}
export interface Breakdown {
  variable: string;
  values: { value: string; tests: number }[];
  otherValues: number;
  pairing: { paired: true; blocks: number } | { paired: false; reason: string };
  correction: 'holm' | 'none';
  columns: BreakdownColumn[];
}
/** A named metric totalled in each column. */
export interface MetricTotal {
  metric: string;
  columns: {
    column: string;
    tests: number;
    kind: 'pass-fail' | 'score';
    estimate: Interval & { method: string };
  }[];
}

export const breakdownApi = {
  variables: (id: string) => call<{ name: string; tests: number }[]>(`/api/runs/${enc(id)}/variables`),
  breakdown: (id: string, variable: string) =>
    call<RunReport & { breakdowns: Breakdown[] }>(`/api/runs/${enc(id)}/report?by=${enc(variable)}`).then(
      (report) => report.breakdowns[0]!,
    ),
};
