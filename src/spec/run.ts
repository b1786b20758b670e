import type { AssertionResult } from './assertion.ts';
import type { ModelParams } from './model.ts';
import type { PassRate } from './pass-rate.ts';

/** Where a run stands: `running` also describes a run whose process was killed (resume it). */
export type RunStatus = 'running' | 'completed' | 'interrupted' | 'failed';

/** How the tests of a suite were narrowed for a run; kept in the manifest so a resume plans the same cells. */
export interface RunSelection {
  firstN?: number;
  /** Regular expression matched against a test's description and vars. */
  pattern?: string;
  /** A seeded sample of this many tests. */
  sample?: number;
  /** Only the tests that failed, errored or were undecided in this earlier run. */
  failingOnly?: string;
}

/** A prompt of a run: its label, the version that ran and where it came from. */
export interface ManifestPrompt {
  label: string;
  name: string;
  hash: string;
  source: 'library' | 'file' | 'inline';
  /** 'nunjucks' for a promptfoo-format prompt (rendered by Nunjucks, not Handlebars), 'javascript' for a prompt function. */
  syntax?: 'nunjucks' | 'javascript';
}

/** A model of a run, with the parameters the suite gave it. */
export interface ManifestModel {
  label: string;
  ref: string;
  params: ModelParams;
  /** Indices of the run's prompts this model runs (its suite entry's `prompts`); absent: all. */
  promptIndices?: number[];
}

/** Where the grader of a run's model-graded checks was set (see resolveRunGrader). */
export type GraderSource = 'suite' | 'config' | 'default-model' | 'first-model';

/** The model that grades the model-graded checks of a run that name no grader of their own. */
export interface ManifestGrader {
  /** `provider:model`. */
  ref: string;
  source: GraderSource;
  /** It is one of the run's models: it grades its own answers. */
  underTest: boolean;
}

/** Everything needed to say what a run measured and to run it again. */
export interface RunManifest {
  suiteFile: string;
  suiteHash: string;
  dataHash: string;
  prompts: ManifestPrompt[];
  models: ManifestModel[];
  repeats: number;
  seed: number | undefined;
  selection: RunSelection;
  /** Tests after the selection. */
  testCount: number;
  /** prompts × models × tests × repeats. */
  cellCount: number;
  cache: 'use' | 'off';
  plumeVersion: string;
  /** Absent in runs recorded before the grader was: those were graded by their first model. */
  grader?: ManifestGrader;
}

/** Sums over the cells written so far. */
export interface RunTotals {
  cells: number;
  passed: number;
  failed: number;
  errors: number;
  /** Cells whose checks could not decide: neither passed nor failed (see checksVerdict). */
  undecided: number;
  cached: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** passed / (passed + failed), null when nothing was decided (passRateOf). */
  passRate: PassRate['rate'];
}

/** A run as stored. */
export interface RunRecord {
  id: string;
  status: RunStatus;
  createdAt: string;
  updatedAt: string;
  manifest: RunManifest;
  totals: RunTotals;
}

/** Why a cell has no verdict: the call (or rendering) failed. Never holds keys, prompts or outputs. */
export interface CellError {
  code: string;
  message: string;
}

/** One (prompt version, model, test, repeat) of a run and what came of it. */
export interface CellRecord {
  /** Stable across runs of the same suite: a hash of prompt version, model, test id and repeat. */
  key: string;
  promptIndex: number;
  modelIndex: number;
  /** Position of the test among the run's tests, so columns line up test by test. */
  testIndex: number;
  testId: string;
  repeat: number;
  output: string | undefined;
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  costUsd: number | undefined;
  /**
   * The call's own time (GenerateResult.latencyMs): its answering attempt, once the provider's
   * concurrency limit admitted it. undefined for an answer from the cache (no call was made) or none.
   */
  latencyMs: number | undefined;
  /**
   * Milliseconds the call waited for its provider's concurrency limit (GenerateResult.queueMs), apart
   * from its latency; undefined when the provider has no limit, for a cached answer, or for cells
   * stored before plume recorded it.
   */
  queueMs?: number | undefined;
  cached: boolean;
  error: CellError | undefined;
  /**
   * undefined when the cell has no verdict: it errored before its checks could run (`error` is
   * set), or its checks could not decide (undecided; see cellVerdict).
   */
  pass: boolean | undefined;
  /** Weighted mean score of its decided checks; undefined for an errored or undecided cell. */
  score: number | undefined;
  reason: string | undefined;
  assertions: AssertionResult[];
}

/** A cell's verdict: its checks passed, failed or could not decide, or its call failed before them. */
export type CellVerdict = 'pass' | 'fail' | 'undecided' | 'error';

/** The verdict of a cell (stored: pass 1 or 0; errored: pass NULL and an error; undecided: neither). */
export function cellVerdict(cell: Pick<CellRecord, 'pass' | 'error'>): CellVerdict {
  if (cell.error !== undefined) return 'error';
  return cell.pass === undefined ? 'undecided' : cell.pass ? 'pass' : 'fail';
}

/** What the runner reports as it goes; the CLI's progress display and reporters subscribe. */
export type RunEvent =
  | {
      type: 'run-start';
      runId: string;
      resumed: boolean;
      cellCount: number;
      alreadyDone: number;
      /** The totals of the cells already done (a resumed run), so a live pass rate counts them too. */
      doneTotals?: RunTotals;
    }
  | { type: 'cell-end'; runId: string; cell: CellRecord }
  | { type: 'model-down'; runId: string; model: string; reason: string }
  /** Something the person should know before trusting the results (said once per run). */
  | { type: 'warning'; runId: string; message: string }
  | { type: 'batch-written'; runId: string; cells: number }
  | { type: 'run-end'; runId: string; status: RunStatus; totals: RunTotals };
