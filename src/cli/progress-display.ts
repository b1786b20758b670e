import type { Writable } from 'node:stream';
import { formatPassRate, passRateOf } from '../spec/pass-rate.ts';
import type { RunEvent } from '../spec/run.ts';

/** Options of the progress display; tests pass their own clock. */
export interface ProgressOptions {
  /** Redraw in place (a terminal) or print plain lines (a pipe, a log file). */
  tty: boolean;
  now?: () => number;
  /** Fewest ms between two redraws on a terminal (10 a second by default). */
  redrawMs?: number;
  /** Fewest ms between two plain progress lines. */
  lineMs?: number;
}

/**
 * Shows a run's progress from its events: cells done, cells/s, ETA, pass rate and cost so far.
 * On a terminal one line is redrawn at most 10 times a second; elsewhere a plain line now and then.
 */
export class ProgressDisplay {
  readonly #out: Writable;
  readonly #tty: boolean;
  readonly #now: () => number;
  readonly #redrawMs: number;
  readonly #lineMs: number;
  #total = 0;
  #done = 0;
  #ranNow = 0;
  #passed = 0;
  #failed = 0;
  #errors = 0;
  #undecided = 0;
  #costUsd = 0;
  #startedAt = 0;
  #lastDraw = Number.NEGATIVE_INFINITY;
  #drawn = false;

  constructor(out: Writable, options: ProgressOptions) {
    this.#out = out;
    this.#tty = options.tty;
    this.#now = options.now ?? Date.now;
    this.#redrawMs = options.redrawMs ?? 100;
    this.#lineMs = options.lineMs ?? 5000;
  }

  readonly handle = (event: RunEvent): void => {
    switch (event.type) {
      case 'run-start':
        this.#total = event.cellCount;
        this.#done = event.alreadyDone;
        // The cells done before a resume count in the pass rate, as they do in the report.
        this.#passed = event.doneTotals?.passed ?? 0;
        this.#failed = event.doneTotals?.failed ?? 0;
        this.#errors = event.doneTotals?.errors ?? 0;
        this.#undecided = event.doneTotals?.undecided ?? 0;
        this.#startedAt = this.#now();
        this.#lastDraw = this.#startedAt;
        this.#line(
          event.resumed
            ? `run ${event.runId}: resuming, ${event.alreadyDone} of ${event.cellCount} cells already done`
            : `run ${event.runId}: ${event.cellCount} cells`,
        );
        return;
      case 'cell-end':
        this.#count(event.cell);
        this.#tick();
        return;
      case 'model-down':
        this.#line(
          `${event.model} is not answering: ${event.reason}; its remaining cells are marked as errors`,
        );
        return;
      case 'warning':
        this.#line(`warning: ${event.message}`);
        return;
      case 'run-end':
        this.#line(`run ${event.runId} ${event.status}: ${this.#status()}`);
        return;
      case 'batch-written':
        return;
    }
  };

  #count(cell: { pass: boolean | undefined; error: unknown; costUsd: number | undefined }): void {
    this.#done += 1;
    this.#ranNow += 1;
    if (cell.error !== undefined) this.#errors += 1;
    else if (cell.pass === true) this.#passed += 1;
    else if (cell.pass === false) this.#failed += 1;
    else this.#undecided += 1;
    this.#costUsd += cell.costUsd ?? 0;
  }

  #tick(): void {
    const now = this.#now();
    if (now - this.#lastDraw < (this.#tty ? this.#redrawMs : this.#lineMs)) return;
    this.#lastDraw = now;
    if (this.#tty) {
      this.#out.write(`\r\x1b[K${this.#status()}`);
      this.#drawn = true;
    } else this.#out.write(`${this.#status()}\n`);
  }

  /** A line of its own, clearing the redrawn status line first. */
  #line(text: string): void {
    if (this.#drawn) this.#out.write('\r\x1b[K');
    this.#drawn = false;
    this.#out.write(`${text}\n`);
  }

  #status(): string {
    const seconds = Math.max((this.#now() - this.#startedAt) / 1000, 1e-3);
    const rate = this.#ranNow / seconds;
    const left = Math.max(this.#total - this.#done, 0);
    const eta = rate > 0 && left > 0 ? ` · ETA ${formatDuration(left / rate)}` : '';
    const passRate = formatPassRate(
      passRateOf({
        passed: this.#passed,
        failed: this.#failed,
        errors: this.#errors,
        undecided: this.#undecided,
      }),
    );
    return `${this.#done}/${this.#total} cells · ${rate.toFixed(1)} cells/s${eta} · pass ${passRate} · $${this.#costUsd.toFixed(4)}`;
  }
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
