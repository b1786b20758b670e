/** Typed calls for what the run page shows beside the matrix (see /api/openapi.json). */
import { call, enc, type Interval } from './api.ts';

/** A model-graded check's agreement with people's pass/fail ratings. */
export interface CheckAgreement {
  name: string;
  type: string;
  n: number;
  kappa?: number;
  standardError?: number;
  interval?: Interval;
  observedAgreement?: number;
  reason?: string;
  /** Rows the check (pass, fail), columns the person (pass, fail). */
  table: number[][];
  undecided: number;
}
export interface RunAgreement {
  ratedCells: number;
  checks: CheckAgreement[];
}
/** One column's spread of a figure. */
export interface ColumnDistribution {
  promptIndex: number;
  modelIndex: number;
  count: number;
  mean?: number;
  quartiles?: [number, number, number, number, number];
  bins: number[];
}
export interface FigureDistribution {
  figure: 'latencyMs' | 'costUsd';
  edges: number[];
  columns: ColumnDistribution[];
}
export interface RunDistributions {
  latencyMs: FigureDistribution;
  costUsd: FigureDistribution;
}
export type CellMessages =
  | {
      available: true;
      prompt: { label: string; name: string; hash: string };
      messages: { role: string; content: string }[];
      vars: Record<string, unknown>;
    }
  | { available: false; reason: string };

export const insightApi = {
  agreement: (id: string) => call<RunAgreement>(`/api/runs/${enc(id)}/agreement`),
  distributions: (id: string) => call<RunDistributions>(`/api/runs/${enc(id)}/distributions`),
  checks: (id: string) => call<{ name: string; failures: number }[]>(`/api/runs/${enc(id)}/checks`),
  messages: (id: string, key: string) =>
    call<CellMessages>(`/api/runs/${enc(id)}/cells/${enc(key)}/messages`),
};
