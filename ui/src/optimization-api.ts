/** Typed calls for prompt optimizations (see /api/openapi.json). */
import { call, enc } from './api.ts';

/** Calls, tokens and list-price dollars. */
export interface Spend {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}
/** Limits on what an optimization may spend; an unset one does not bind. */
export interface BudgetLimits {
  calls?: number;
  tokens?: number;
  usd?: number;
}
/** The winner against the starting prompt on held-out tests; lift and interval in 0–1 points. */
export interface HeldOut {
  tests: number;
  startRate: number;
  winnerRate: number;
  lift: number;
  low: number;
  high: number;
  pValue: number;
  significant: boolean;
  verdict: string;
}
/** What became of the winner: saved (and written) or kept out, and why. */
export interface SaveOutcome {
  saved: boolean;
  savedAs?: string;
  written: boolean;
  reason: string;
}
/** One part's spend (baseline, a strategy, the held-out test, graders); the rows add up to the total. */
export interface SpendRow {
  part: string;
  kind: 'baseline' | 'strategy' | 'held-out' | 'graders';
  outcome: string;
  spent: Spend;
  candidates: number;
}
export interface OptimizationSummary {
  id: string;
  prompt: string;
  model: string;
  status: string;
  createdAt: string;
  finishedAt?: string;
  callsSpent: number;
  budget: BudgetLimits;
  heldOut?: Pick<HeldOut, 'lift' | 'low' | 'high' | 'significant' | 'tests'>;
  saved?: boolean;
}
/** The best candidate after a step: its validation pass rate and what had been spent by then. */
export interface TrajectoryPoint {
  seq: number;
  strategy: string;
  candidateHash: string;
  score: number;
  tests: number;
  callsSpent: number;
  costSpent: number;
}
export interface StrategySummary {
  name: string;
  outcome: string;
  spent?: Spend;
  candidates: { hash: string; seq: number; description: string; parent?: string }[];
}
export interface OptimizationReport {
  prompt: string;
  start: { body: string; validationMean: number; validationTests: number };
  winner: {
    hash: string;
    body: string;
    origin: { strategy: string; description: string };
    validationMean: number;
    validationTests: number;
  };
  split: { train: number; validation: number; test: number };
  heldOut?: HeldOut;
  budgetExhausted: boolean;
}
export interface OptimizationDetail {
  id: string;
  promptName: string;
  startHash: string;
  model: string;
  status: string;
  createdAt: string;
  finishedAt?: string;
  winnerHash?: string;
  report?: OptimizationReport;
  spent: Spend;
  budget: BudgetLimits;
  trajectory: TrajectoryPoint[];
  candidates: number;
  strategies: StrategySummary[];
  outcome?: SaveOutcome;
  spending?: SpendRow[];
}

export const optimizationApi = {
  list: () => call<OptimizationSummary[]>('/api/optimizations'),
  get: (id: string) => call<OptimizationDetail>(`/api/optimizations/${enc(id)}`),
};

/** `count` with its noun, singular for exactly one. */
export function plural(count: number, singular: string): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? singular : `${singular}s`}`;
}

/** A lift in percentage points, signed. */
export function points(value: number): string {
  return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)} pp`;
}

/** Distinct colours for strategies, in the order they ran (the start first). */
const PALETTE = ['#888', '#2a6', '#36c', '#c63', '#a3a', '#c33', '#0aa'];

/** A colour per strategy name, stable across the chart and the table. */
export function strategyColors(names: readonly string[]): Map<string, string> {
  const ordered = ['start', ...names.filter((name) => name !== 'start')];
  return new Map(ordered.map((name, index) => [name, PALETTE[index % PALETTE.length]!]));
}
