/** Typed calls to plume's HTTP API (see /api/openapi.json). */

export interface PromptSummary {
  name: string;
  hash: string;
  description?: string;
  tags: string[];
  labels: Record<string, string>;
  versions: number;
}
export interface VersionEntry {
  hash: string;
  message?: string;
  author?: string;
  createdAt: string;
  labels: string[];
  automatic: boolean;
}
export interface PromptHistory {
  name: string;
  versions: VersionEntry[];
}
export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}
export interface RunTotals {
  cells: number;
  passed: number;
  failed: number;
  errors: number;
  /** Cells whose checks could not decide: neither passed nor failed. */
  undecided: number;
  costUsd: number;
  /** passed / (passed + failed), as the server computes it for every surface; null when none decided. */
  passRate: number | null;
}
export interface RunRecord {
  id: string;
  status: string;
  createdAt: string;
  manifest: {
    suiteFile: string;
    cellCount: number;
    prompts: { label: string }[];
    models: { label: string }[];
  };
  totals: RunTotals;
}
export interface ColumnReport {
  name: string;
  prompt: string;
  model: string;
  cells: number;
  errors: number;
  passed: number;
  failed: number;
  decided: number;
  undecided: number;
  passRate: Interval | undefined;
  costUsd: number;
  /** Median of the calls' own latency; the wait for the provider's concurrency limit is apart. */
  latencyP50: number | undefined;
  /** Median and 95th percentile wait for the provider's concurrency limit; absent when no call waited. */
  queueP50?: number;
  queueP95?: number;
}
/** B − A with its interval and level (a proportion for pass rates). */
export interface LevelledInterval extends Interval {
  confidence: number;
}
/** A comparison of two columns as the server gives it (see comparisonRecord). */
export interface ComparisonView {
  a: string;
  b: string;
  kind: 'pass-fail' | 'score';
  n: number;
  passRateA?: LevelledInterval;
  passRateB?: LevelledInterval;
  meanScoreA?: LevelledInterval;
  meanScoreB?: LevelledInterval;
  difference: { unadjusted: LevelledInterval; adjusted: LevelledInterval };
  pValue: number;
  adjustedPValue: number;
  comparisons: number;
  decision: 'significant' | 'not-significant' | 'borderline';
  winner?: string;
  verdict: string;
}
/** A test whose verdict changed between repeats: numbered from 1, with its label when known. */
export interface FlakyTest {
  test: number;
  testId: string;
  label?: string;
  columns: string[];
}
export interface RunReport {
  run: RunRecord;
  columns: ColumnReport[];
  /** The model grading the model-graded checks that name none; absent from older servers. */
  grader?: { ref: string; underTest: boolean; description: string };
  comparisons: ComparisonView[];
  flaky: FlakyTest[];
  /** Why cells are undecided (said once), most cells first. */
  undecidedChecks: { check: string; reason: string; cells: number; advice?: string }[];
}
export interface Rating {
  pass?: boolean;
  score?: number;
  comment?: string;
  ideal?: string;
}
export interface MatrixCell {
  key: string;
  promptIndex: number;
  modelIndex: number;
  pass?: boolean;
  verdict: 'pass' | 'fail' | 'undecided' | 'error';
  error?: string;
  latencyMs?: number;
  costUsd?: number;
  excerpt: string;
  rating?: Rating;
}
export interface MatrixRow {
  testIndex: number;
  testId: string;
  repeat: number;
  cells: MatrixCell[];
}
/** What the matrix shows: every filter set must hold. */
export interface MatrixFilters {
  failures: boolean;
  flaky: boolean;
  query: string;
  /** A run id: only tests whose outcome differs from that run's. */
  changedSince: string;
  /** A metric name or check type: only rows where it fails. */
  failing: string;
}
export const NO_FILTERS: MatrixFilters = {
  failures: false,
  flaky: false,
  query: '',
  changedSince: '',
  failing: '',
};

function filterQuery(filters: MatrixFilters): string {
  const parts = [
    filters.failures ? 'failures=1' : '',
    filters.flaky ? 'flaky=1' : '',
    filters.query ? `q=${enc(filters.query)}` : '',
    filters.changedSince ? `changedSince=${enc(filters.changedSince)}` : '',
    filters.failing ? `failing=${enc(filters.failing)}` : '',
  ];
  return parts
    .filter(Boolean)
    .map((part) => `&${part}`)
    .join('');
}
export interface MatrixPage {
  total: number;
  rows: MatrixRow[];
}
export interface CellDetail {
  cell: {
    key: string;
    testIndex: number;
    testId: string;
    output?: string;
    error?: { code: string; message: string };
    inputTokens?: number;
    outputTokens?: number;
    costUsd?: number;
    latencyMs?: number;
    /** Time the call waited for its provider's concurrency limit, apart from its latency. */
    queueMs?: number;
    cached: boolean;
    pass?: boolean;
    score?: number;
    assertions: { type?: string; pass: boolean; score: number; reason: string }[];
  };
  rating: Rating | null;
}
export interface RunComparison {
  columns: {
    prompt: string;
    model: string;
    before?: Interval;
    after?: Interval;
    verdict: string;
    drift: {
      changedOutputs: number;
      sharedTests: number;
      regressed: {
        test: number;
        testId: string;
        label?: string;
        beforeOutput: string;
        afterOutput: string;
      }[];
      improved: { test: number; testId: string; label?: string }[];
    };
  }[];
}

/** An API error, with the server's message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A JSON call to the API; a non-2xx answer throws an ApiError with the server's message. */
export async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: { 'content-type': 'application/json', ...init?.headers },
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body?.error?.message ?? response.statusText);
  return body as T;
}

export const enc = encodeURIComponent;

export const api = {
  prompts: (query = '') =>
    call<{ prompts?: PromptSummary[]; results?: PromptSummary[] }>(
      `/api/prompts${query ? `?q=${enc(query)}` : ''}`,
    ),
  prompt: (name: string) => call<PromptHistory>(`/api/prompts/${enc(name)}`),
  version: (name: string, ref: string) =>
    call<{ content: string; hash: string }>(`/api/prompts/${enc(name)}/versions/${enc(ref)}`),
  diff: (name: string, from: string, to: string) =>
    call<{
      identical: boolean;
      frontMatter: { path: string; kind: string; before?: unknown; after?: unknown }[];
    }>(`/api/prompts/${enc(name)}/diff?from=${enc(from)}&to=${enc(to)}`),
  save: (name: string, content: string, message: string) =>
    call<{ created: boolean }>(`/api/prompts/${enc(name)}/versions`, {
      method: 'POST',
      body: JSON.stringify({ content, message }),
    }),
  label: (name: string, label: string, ref: string) =>
    call<unknown>(`/api/prompts/${enc(name)}/labels/${enc(label)}`, {
      method: 'PUT',
      body: JSON.stringify({ ref }),
    }),
  runs: () => call<RunRecord[]>('/api/runs'),
  run: (id: string) => call<RunRecord>(`/api/runs/${enc(id)}`),
  report: (id: string) => call<RunReport>(`/api/runs/${enc(id)}/report`),
  cells: (id: string, offset: number, limit: number, filters: MatrixFilters) =>
    call<MatrixPage>(`/api/runs/${enc(id)}/cells?offset=${offset}&limit=${limit}${filterQuery(filters)}`),
  cell: (id: string, key: string) => call<CellDetail>(`/api/runs/${enc(id)}/cells/${enc(key)}`),
  rate: (id: string, key: string, rating: Rating) =>
    call<Rating>(`/api/runs/${enc(id)}/cells/${enc(key)}/rating`, {
      method: 'PATCH',
      body: JSON.stringify(rating),
    }),
  compare: (before: string, after: string) =>
    call<RunComparison>(`/api/compare?before=${enc(before)}&after=${enc(after)}`),
  render: (prompt: string, vars: Record<string, unknown>) =>
    call<{ messages: { role: string; content: string }[] }>('/api/playground/render', {
      method: 'POST',
      body: JSON.stringify({ prompt, vars }),
    }),
};

/** A percentage with one decimal. */
/** "test 12 “what it asks”", or "test 12": how every surface names a test (numbered from 1). */
export function testName(test: number, label: string | undefined): string {
  return label ? `test ${test} “${label}”` : `test ${test}`;
}

export function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** A column's wait for its provider's concurrency limit: `p50 / p95 ms`, or – when no call waited. */
export function queueWait(column: Pick<ColumnReport, 'queueP50' | 'queueP95'>): string {
  if (column.queueP50 === undefined || column.queueP95 === undefined) return '–';
  return `${Math.round(column.queueP50)} / ${Math.round(column.queueP95)} ms`;
}

/**
 * A run's pass rate as every surface writes it: `70.0% of 158 decided; 12 errors, 30 undecided`.
 * The rate is the server's (passRateOf); the counts are those it is taken from and leaves out.
 */
export function passRateText(
  totals: Pick<RunTotals, 'passRate' | 'passed' | 'failed' | 'errors' | 'undecided'>,
): string {
  const rate = totals.passRate === null ? 'no pass rate' : percent(totals.passRate);
  const left = [
    ...(totals.errors > 0 ? [`${totals.errors} error${totals.errors === 1 ? '' : 's'}`] : []),
    ...(totals.undecided > 0 ? [`${totals.undecided} undecided`] : []),
  ];
  const of = `${rate} of ${totals.passed + totals.failed} decided`;
  return left.length === 0 ? of : `${of}; ${left.join(', ')}`;
}
