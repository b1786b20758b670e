/** How long and how much memory one call of suite code may take, and how many run at once. */
export interface SandboxLimits {
  timeLimitMs: number;
  memoryLimitMb: number;
  workers: number;
  /** Processes stop after this long without a call. */
  idleCloseMs: number;
}

/**
 * What a call of suite code gave: its value as JSON data, or why it has none; `threw` when the
 * code itself raised an error (not when it could not run, ran too long or past its memory).
 */
export type SandboxResult = { ok: true; value: unknown } | { ok: false; reason: string; threw?: true };

/** A call waiting for a worker. */
export interface SandboxJob {
  code: string;
  input: string;
  resolve: (result: SandboxResult) => void;
}
