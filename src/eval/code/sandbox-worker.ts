import type { ChildProcess } from 'node:child_process';
import { CAN_READ_RESIDENT_MEMORY, residentMegabytes } from './resident-memory.ts';
import type { SandboxJob, SandboxLimits, SandboxResult } from './sandbox-job.ts';

// How often a busy process's memory outside the JavaScript heap (array buffers) is looked at.
const MEMORY_POLL_MS = 50;

/** What the pool hears from a worker. */
interface WorkerEvents {
  /** It finished a job and can take another. */
  idle(): void;
  /** Its process is gone; it takes no more jobs. */
  gone(): void;
}

type Stop = 'time' | 'memory' | 'closed';

/** One sandbox process running one job at a time. */
export class SandboxWorker {
  readonly #child: ChildProcess;
  readonly #limits: SandboxLimits;
  readonly #events: WorkerEvents;
  #job: { id: number; job: SandboxJob; timer: NodeJS.Timeout; poll: NodeJS.Timeout | undefined } | undefined;
  #nextId = 0;
  #stopped: Stop | undefined;
  #gone = false;

  constructor(child: ChildProcess, limits: SandboxLimits, events: WorkerEvents) {
    this.#child = child;
    this.#limits = limits;
    this.#events = events;
    // An idle sandbox never keeps plume running; a busy one does (see #hold).
    child.unref();
    this.#hold(false);
    child.on('message', (message: { id: number; result: string }) => this.#answer(message));
    child.on('exit', (code, signal) => this.#exit(code, signal));
    child.on('error', (error) => this.#fail(`could not start its sandbox: ${error.message}`));
  }

  get busy(): boolean {
    return this.#job !== undefined || this.#stopped !== undefined;
  }

  start(job: SandboxJob): void {
    const id = this.#nextId++;
    const timer = setTimeout(() => this.#kill('time'), this.#limits.timeLimitMs);
    const poll = CAN_READ_RESIDENT_MEMORY
      ? setInterval(() => this.#checkMemory(), MEMORY_POLL_MS)
      : undefined;
    this.#job = { id, job, timer, poll };
    this.#hold(true);
    this.#child.send({ id, code: job.code, input: job.input }, (error) => {
      if (error) this.#fail(`could not reach its sandbox: ${error.message}`);
    });
  }

  /** End the process; a job in flight fails. */
  stop(): void {
    this.#kill('closed');
  }

  #answer(message: { id: number; result: string }): void {
    const current = this.#job;
    if (current === undefined || message.id !== current.id) return;
    this.#settle(parseResult(message.result));
    this.#events.idle();
  }

  #exit(code: number | null, signal: NodeJS.Signals | null): void {
    const stopped = this.#stopped;
    // V8 aborts the process when its heap is full.
    const outOfHeap = signal === 'SIGABRT' || code === 134;
    this.#fail(
      stopped === 'time'
        ? timeReason(this.#limits)
        : stopped === 'memory' || outOfHeap
          ? memoryReason(this.#limits)
          : stopped === 'closed'
            ? 'was stopped: the run ended'
            : `stopped its sandbox (exit code ${code ?? signal})`,
    );
  }

  #fail(reason: string): void {
    this.#stopped ??= 'closed';
    this.#settle({ ok: false, reason });
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
    if (this.#gone) return;
    this.#gone = true;
    this.#events.gone();
  }

  #settle(result: SandboxResult): void {
    const current = this.#job;
    if (current === undefined) return;
    this.#job = undefined;
    clearTimeout(current.timer);
    if (current.poll !== undefined) clearInterval(current.poll);
    this.#hold(false);
    current.job.resolve(result);
  }

  #kill(reason: Stop): void {
    if (this.#stopped !== undefined) return;
    this.#stopped = reason;
    this.#child.kill('SIGKILL');
  }

  #checkMemory(): void {
    const pid = this.#child.pid;
    if (pid === undefined) return;
    const megabytes = residentMegabytes(pid);
    if (megabytes !== undefined && megabytes > this.#limits.memoryLimitMb) this.#kill('memory');
  }

  /** Whether the IPC channel keeps plume's event loop alive: only while a job waits on it. */
  #hold(busy: boolean): void {
    const channel = this.#child.channel as { ref?(): void; unref?(): void } | null | undefined;
    if (busy) channel?.ref?.();
    else channel?.unref?.();
  }
}

/** The sandbox's JSON answer as a result, its failures in words that follow "the check". */
function parseResult(text: string): SandboxResult {
  const answer = JSON.parse(text) as { ok: boolean; value?: unknown; message?: string; kind?: string };
  if (answer.ok) return { ok: true, value: answer.value };
  switch (answer.kind) {
    case 'unsettled':
      return { ok: false, reason: 'returned a promise that never settles (a check has no timers or I/O)' };
    case 'reference':
      return {
        ok: false,
        reason: `threw: ${answer.message} (a check sees only output, context and JavaScript's built-ins)`,
      };
    case 'locked':
      return {
        ok: false,
        reason: `threw: ${answer.message} (checks share JavaScript's built-ins and global object, which none may change)`,
      };
    case 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING':
      return { ok: false, reason: 'threw: a check cannot import modules' };
    default:
      return { ok: false, reason: `threw: ${answer.message}`, threw: true };
  }
}

function timeReason(limits: SandboxLimits): string {
  return `ran past its ${limits.timeLimitMs / 1000} s limit`;
}

function memoryReason(limits: SandboxLimits): string {
  return `ran past its ${limits.memoryLimitMb} MB memory limit`;
}
