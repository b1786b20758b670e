import { randomUUID } from 'node:crypto';
import { PlumeError } from '../util/errors.ts';
import type { SqliteDatabase } from './database.ts';
import { describeOwner, ownerIsGone, type RunOwner, thisProcess } from './run-owner.ts';

/** What an optimization has spent: model calls, tokens and list-price dollars. */
export interface Spend {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export const NO_SPEND: Spend = Object.freeze({ calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 });

/** The sum of two spends. */
export function addSpend(a: Spend, b: Spend): Spend {
  return {
    calls: a.calls + b.calls,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    costUsd: a.costUsd + b.costUsd,
  };
}

/** What `a` spent beyond `b`. */
export function subtractSpend(a: Spend, b: Spend): Spend {
  return {
    calls: a.calls - b.calls,
    inputTokens: a.inputTokens - b.inputTokens,
    outputTokens: a.outputTokens - b.outputTokens,
    costUsd: a.costUsd - b.costUsd,
  };
}

/**
 * `interrupted` is never stored: it is a `running` optimization whose process is gone (kill -9, a
 * crash, power lost), as its owner and heartbeat tell; `--resume` takes it over.
 */
export type OptimizationStatus = 'running' | 'finished' | 'stopped' | 'failed' | 'interrupted';

/** An optimization as stored. */
export interface OptimizationRecord {
  id: string;
  promptName: string;
  startHash: string;
  model: string;
  settings: Record<string, unknown>;
  status: OptimizationStatus;
  createdAt: string;
  finishedAt: string | undefined;
  winnerHash: string | undefined;
  report: Record<string, unknown> | undefined;
}

/** A candidate's score on one test (pass 1/0 and score in [0, 1]); undefined pass when the call failed. */
export interface StoredResult {
  testId: string;
  pass: number | undefined;
  score: number | undefined;
  error: string | undefined;
  output: string | undefined;
}

/** A stored result with what its calls cost. */
export interface StoredResultWithSpend extends StoredResult {
  spend: Spend;
  /** The part of `spend` that graders (model-graded checks) cost. */
  graderSpend: Spend;
}

/** One point of the trajectory: the best candidate after a step. */
export interface TrajectoryPoint {
  seq: number;
  strategy: string;
  candidateHash: string;
  score: number;
  tests: number;
  callsSpent: number;
  costSpent: number;
}

interface OptimizationRow {
  id: string;
  prompt_name: string;
  start_hash: string;
  model: string;
  settings: string;
  status: OptimizationStatus;
  created_at: string;
  finished_at: string | null;
  winner_hash: string | null;
  report: string | null;
  /** The process running it, while it runs (its lease), and that process's last heartbeat. */
  owner_pid: number | null;
  owner_host: string | null;
  heartbeat_at: string | null;
}

/**
 * Optimizations in the store. Every scored call and every proposer step is written as it
 * finishes (one row each, committed), so a killed optimization resumes without paying twice.
 */
export class OptimizationStore {
  readonly #db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  create(options: {
    promptName: string;
    startHash: string;
    model: string;
    settings: Record<string, unknown>;
  }): string {
    const id = `opt-${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}-${randomUUID().slice(0, 6)}`;
    const owner = thisProcess(new Date());
    this.#db
      .prepare(
        `INSERT INTO optimizations (id, prompt_name, start_hash, model, settings, status, created_at,
           owner_pid, owner_host, heartbeat_at)
         VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)`,
      )
      .run(
        id,
        options.promptName,
        options.startHash,
        options.model,
        JSON.stringify(options.settings),
        now(),
        owner.pid,
        owner.host,
        owner.heartbeatAt,
      );
    return id;
  }

  /**
   * Record that a stored optimization runs again (a resume), in this process. Its owner is its
   * lease, taken in one write transaction: while its process is alive, another gets a user error at
   * once, before any call; a dead process's optimization is taken over.
   */
  claim(id: string, at = new Date()): void {
    this.#db
      .transaction(() => {
        const row = this.#row(id);
        if (row.status === 'running' && !ownerIsGone(ownerOf(row), at)) throw optimizationInUse(row, at);
        const owner = thisProcess(at);
        this.#db
          .prepare(
            `UPDATE optimizations SET status = 'running', finished_at = NULL, owner_pid = ?, owner_host = ?,
               heartbeat_at = ? WHERE id = ?`,
          )
          .run(owner.pid, owner.host, owner.heartbeatAt, id);
      })
      .immediate();
  }

  /** Record that this process still runs the optimization; false when it no longer holds it. */
  heartbeat(id: string, at = new Date()): boolean {
    const owner = thisProcess(at);
    const result = this.#db
      .prepare(
        `UPDATE optimizations SET heartbeat_at = ?
         WHERE id = ? AND status = 'running' AND owner_pid = ? AND owner_host = ?`,
      )
      .run(owner.heartbeatAt, id, owner.pid, owner.host);
    return result.changes > 0;
  }

  /** The process holding a running optimization, as recorded; undefined when none does. */
  owner(id: string): RunOwner | undefined {
    const row = this.#db
      .prepare(
        "SELECT owner_pid, owner_host, heartbeat_at FROM optimizations WHERE id = ? AND status = 'running'",
      )
      .get(id) as Pick<OptimizationRow, 'owner_pid' | 'owner_host' | 'heartbeat_at'> | undefined;
    if (row?.owner_pid == null || row.owner_host == null || row.heartbeat_at == null) return undefined;
    return { pid: row.owner_pid, host: row.owner_host, heartbeatAt: row.heartbeat_at };
  }

  get(id: string): OptimizationRecord {
    return fromRow(this.#row(id));
  }

  #row(id: string): OptimizationRow {
    const row = this.#db.prepare('SELECT * FROM optimizations WHERE id = ?').get(id) as
      | OptimizationRow
      | undefined;
    if (row === undefined) {
      throw new PlumeError({
        code: 'OPTIMIZATION_NOT_FOUND',
        message: `no optimization '${id}'`,
        hint: 'list them with `plume optimizations`',
      });
    }
    return row;
  }

  list(limit = 50): OptimizationRecord[] {
    const rows = this.#db
      .prepare('SELECT * FROM optimizations ORDER BY created_at DESC, id DESC LIMIT ?')
      .all(limit) as OptimizationRow[];
    return rows.map(fromRow);
  }

  /**
   * Record that an optimization this process runs stopped or failed, and let it go; false, and
   * nothing written, when it no longer holds it (another process took it over and ends it).
   */
  setStatus(id: string, status: 'stopped' | 'failed'): boolean {
    const owner = thisProcess(new Date());
    const result = this.#db
      .prepare(
        `UPDATE optimizations SET status = ?, finished_at = ?, owner_pid = NULL, owner_host = NULL
         WHERE id = ? AND status = 'running' AND owner_pid = ? AND owner_host = ?`,
      )
      .run(status, now(), id, owner.pid, owner.host);
    return result.changes > 0;
  }

  /**
   * Record the optimization finished, with its report, if this process still owns it; false when
   * another process took it over (what it finishes is that one's to record).
   */
  finish(id: string, report: Record<string, unknown>, winnerHash: string | undefined): boolean {
    const owner = thisProcess(new Date());
    const result = this.#db
      .prepare(
        `UPDATE optimizations SET status = 'finished', finished_at = ?, report = ?, winner_hash = ?,
           owner_pid = NULL, owner_host = NULL
         WHERE id = ? AND status = 'running' AND owner_pid = ? AND owner_host = ?`,
      )
      .run(now(), JSON.stringify(report), winnerHash ?? null, id, owner.pid, owner.host);
    return result.changes > 0;
  }

  /** Whether this process owns the optimization, running. */
  ownedHere(id: string): boolean {
    const owner = this.owner(id);
    const here = thisProcess(new Date());
    return owner !== undefined && owner.pid === here.pid && owner.host === here.host;
  }

  /** Record a candidate the first time it is seen; its sequence number either way. */
  addCandidate(id: string, hash: string, body: string, origin: Record<string, unknown>): number {
    const existing = this.#db
      .prepare('SELECT seq FROM optimization_candidates WHERE optimization_id = ? AND hash = ?')
      .pluck()
      .get(id, hash) as number | undefined;
    if (existing !== undefined) return existing;
    const seq = this.#db
      .prepare('SELECT COUNT(*) FROM optimization_candidates WHERE optimization_id = ?')
      .pluck()
      .get(id) as number;
    this.#db
      .prepare(
        'INSERT INTO optimization_candidates (optimization_id, hash, seq, body, origin) VALUES (?, ?, ?, ?, ?)',
      )
      .run(id, hash, seq, body, JSON.stringify(origin));
    return seq;
  }

  candidates(id: string): { hash: string; seq: number; body: string; origin: Record<string, unknown> }[] {
    const rows = this.#db
      .prepare(
        'SELECT hash, seq, body, origin FROM optimization_candidates WHERE optimization_id = ? ORDER BY seq',
      )
      .all(id) as { hash: string; seq: number; body: string; origin: string }[];
    return rows.map((row) => ({ ...row, origin: JSON.parse(row.origin) as Record<string, unknown> }));
  }

  /** Every stored result of a candidate, by test id. */
  results(id: string, candidateHash: string): Map<string, StoredResultWithSpend> {
    const rows = this.#db
      .prepare(
        `SELECT test_id, pass, score, error, output, calls, input_tokens, output_tokens, cost_usd,
                grader_calls, grader_input_tokens, grader_output_tokens, grader_cost_usd
         FROM optimization_results WHERE optimization_id = ? AND candidate_hash = ?`,
      )
      .all(id, candidateHash) as {
      test_id: string;
      pass: number | null;
      score: number | null;
      error: string | null;
      output: string | null;
      calls: number;
      input_tokens: number;
      output_tokens: number;
      cost_usd: number;
      grader_calls: number;
      grader_input_tokens: number;
      grader_output_tokens: number;
      grader_cost_usd: number;
    }[];
    const results = new Map<string, StoredResultWithSpend>();
    for (const row of rows) {
      results.set(row.test_id, {
        testId: row.test_id,
        pass: row.pass ?? undefined,
        score: row.score ?? undefined,
        error: row.error ?? undefined,
        output: row.output ?? undefined,
        spend: {
          calls: row.calls,
          inputTokens: row.input_tokens,
          outputTokens: row.output_tokens,
          costUsd: row.cost_usd,
        },
        graderSpend: {
          calls: row.grader_calls,
          inputTokens: row.grader_input_tokens,
          outputTokens: row.grader_output_tokens,
          costUsd: row.grader_cost_usd,
        },
      });
    }
    return results;
  }

  /** Store a scored call; `graderSpend` is the part of `spend` its graders cost. */
  saveResult(
    id: string,
    candidateHash: string,
    result: StoredResult,
    spend: Spend,
    graderSpend: Spend = NO_SPEND,
  ): void {
    this.#db
      .prepare(
        `INSERT OR REPLACE INTO optimization_results
           (optimization_id, candidate_hash, test_id, pass, score, error, output, calls, input_tokens, output_tokens, cost_usd,
            grader_calls, grader_input_tokens, grader_output_tokens, grader_cost_usd)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        candidateHash,
        result.testId,
        result.pass ?? null,
        result.score ?? null,
        result.error ?? null,
        result.output ?? null,
        spend.calls,
        spend.inputTokens,
        spend.outputTokens,
        spend.costUsd,
        graderSpend.calls,
        graderSpend.inputTokens,
        graderSpend.outputTokens,
        graderSpend.costUsd,
      );
  }

  /** A memoized proposer step with what it cost, or undefined when it has not run yet. */
  step<T>(id: string, key: string): { value: T; spend: Spend } | undefined {
    const row = this.#db
      .prepare(
        `SELECT value, calls, input_tokens AS inputTokens, output_tokens AS outputTokens, cost_usd AS costUsd
         FROM optimization_steps WHERE optimization_id = ? AND key = ?`,
      )
      .get(id, key) as ({ value: string } & Spend) | undefined;
    if (row === undefined) return undefined;
    const { value, ...spend } = row;
    return { value: JSON.parse(value) as T, spend };
  }

  saveStep(id: string, key: string, value: unknown, spend: Spend): void {
    const seq = this.#db
      .prepare('SELECT COUNT(*) FROM optimization_steps WHERE optimization_id = ?')
      .pluck()
      .get(id) as number;
    this.#db
      .prepare(
        `INSERT OR REPLACE INTO optimization_steps
           (optimization_id, key, seq, value, calls, input_tokens, output_tokens, cost_usd)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        key,
        seq,
        JSON.stringify(value),
        spend.calls,
        spend.inputTokens,
        spend.outputTokens,
        spend.costUsd,
      );
  }

  /** Everything spent so far: scored calls and proposer steps. */
  spent(id: string): Spend {
    const sum = (table: string) =>
      this.#db
        .prepare(
          `SELECT COALESCE(SUM(calls), 0) AS calls, COALESCE(SUM(input_tokens), 0) AS inputTokens,
                  COALESCE(SUM(output_tokens), 0) AS outputTokens, COALESCE(SUM(cost_usd), 0) AS costUsd
           FROM ${table} WHERE optimization_id = ?`,
        )
        .get(id) as Spend;
    return addSpend(sum('optimization_results'), sum('optimization_steps'));
  }

  addTrajectoryPoint(id: string, point: TrajectoryPoint): void {
    this.#db
      .prepare(
        `INSERT OR REPLACE INTO optimization_trajectory
           (optimization_id, seq, strategy, candidate_hash, score, tests, calls_spent, cost_spent)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        point.seq,
        point.strategy,
        point.candidateHash,
        point.score,
        point.tests,
        point.callsSpent,
        point.costSpent,
      );
  }

  trajectory(id: string): TrajectoryPoint[] {
    const rows = this.#db
      .prepare(
        `SELECT seq, strategy, candidate_hash AS candidateHash, score, tests, calls_spent AS callsSpent,
                cost_spent AS costSpent
         FROM optimization_trajectory WHERE optimization_id = ? ORDER BY seq`,
      )
      .all(id) as TrajectoryPoint[];
    return rows;
  }
}

function ownerOf(row: OptimizationRow) {
  return { pid: row.owner_pid, host: row.owner_host, heartbeatAt: row.heartbeat_at };
}

function optimizationInUse(row: OptimizationRow, at: Date): PlumeError {
  const seconds = Math.max(0, Math.round((at.getTime() - Date.parse(row.heartbeat_at ?? '')) / 1000));
  return new PlumeError({
    code: 'OPTIMIZATION_IN_USE',
    message: `optimization ${row.id} is being run by ${describeOwner(ownerOf(row))} (alive ${seconds} s ago)`,
    hint: `wait for it to end, or stop it (Ctrl-C there, or kill ${row.owner_pid}) and run this again: an optimization whose process is gone is taken over`,
  });
}

// One recorded as running whose process is gone was interrupted.
function fromRow(row: OptimizationRow): OptimizationRecord {
  const gone = row.status === 'running' && ownerIsGone(ownerOf(row), new Date());
  return {
    id: row.id,
    promptName: row.prompt_name,
    startHash: row.start_hash,
    model: row.model,
    settings: JSON.parse(row.settings) as Record<string, unknown>,
    status: gone ? 'interrupted' : row.status,
    createdAt: row.created_at,
    finishedAt: row.finished_at ?? undefined,
    winnerHash: row.winner_hash ?? undefined,
    report: row.report === null ? undefined : (JSON.parse(row.report) as Record<string, unknown>),
  };
}

function now(): string {
  return new Date().toISOString();
}
