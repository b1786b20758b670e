import type { ChildProcess } from 'node:child_process';
import { sandboxChild } from './sandbox-child.ts';
import type { SandboxJob, SandboxLimits, SandboxResult } from './sandbox-job.ts';
import { SandboxWorker } from './sandbox-worker.ts';

/**
 * Runs suite JavaScript out of plume's process: a few Node processes under the permission model
 * (no file reads or writes, no child processes, workers or addons), with no environment
 * variables and a heap limit, started on the first call and reused. Calls run in a locked `vm`
 * context (see sandboxChild); a call past its time or memory limit has its process killed and
 * replaced.
 */
export class CodeSandbox {
  readonly limits: SandboxLimits;
  readonly #queue: SandboxJob[] = [];
  readonly #workers = new Set<SandboxWorker>();
  #spawn: () => ChildProcess;
  #lastCall = 0;
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(limits: SandboxLimits, spawnChild: (program: string, limits: SandboxLimits) => ChildProcess) {
    this.limits = limits;
    const program = `(${sandboxChild.toString()})();`;
    this.#spawn = () => spawnChild(program, limits);
  }

  /** Call `code` (a function body over `output` and `context`) with these values. */
  run(code: string, output: unknown, context: unknown): Promise<SandboxResult> {
    let input: string;
    try {
      input = JSON.stringify({ output, context });
    } catch (error) {
      return Promise.resolve({ ok: false, reason: `cannot be given this cell: ${messageOf(error)}` });
    }
    this.#lastCall = performance.now();
    return new Promise((resolve) => {
      this.#queue.push({ code, input, resolve });
      this.#dispatch();
    });
  }

  /** How many sandbox processes are up. */
  get processes(): number {
    return this.#workers.size;
  }

  /** Stop every process; the next call starts them again. */
  close(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    for (const worker of this.#workers) worker.stop();
    this.#workers.clear();
    for (const job of this.#queue.splice(0)) job.resolve({ ok: false, reason: 'was stopped: the run ended' });
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      const worker = this.#idleWorker();
      if (worker === undefined) return;
      worker.start(this.#queue.shift()!);
    }
  }

  /**
   * Processes that served no call for `idleCloseMs` stop (a long-lived plume, between runs). One
   * timer, moved on when it finds calls came since, not one per call.
   */
  #closeWhenIdle(): void {
    if (this.#idleTimer !== undefined) return;
    const wait = this.#lastCall + this.limits.idleCloseMs - performance.now();
    this.#idleTimer = setTimeout(
      () => {
        this.#idleTimer = undefined;
        const idle = this.#queue.length === 0 && [...this.#workers].every((worker) => !worker.busy);
        if (idle && performance.now() - this.#lastCall >= this.limits.idleCloseMs) this.close();
        else if (this.#workers.size > 0) this.#closeWhenIdle();
      },
      Math.max(0, wait),
    );
    this.#idleTimer.unref();
  }

  #idleWorker(): SandboxWorker | undefined {
    for (const worker of this.#workers) if (!worker.busy) return worker;
    if (this.#workers.size >= this.limits.workers) return undefined;
    this.#closeWhenIdle();
    const worker = new SandboxWorker(this.#spawn(), this.limits, {
      idle: () => {
        // Idle from its last answer on: a call that took long is no idleness.
        this.#lastCall = performance.now();
        this.#dispatch();
      },
      gone: () => {
        this.#workers.delete(worker);
        this.#dispatch();
      },
    });
    this.#workers.add(worker);
    return worker;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
