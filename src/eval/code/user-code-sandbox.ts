import type { ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { CodeSandbox } from './code-sandbox.ts';
import type { SandboxLimits } from './sandbox-job.ts';

/** The limits of one call of a suite's JavaScript (a javascript check, a transform). */
export const USER_CODE_LIMITS: SandboxLimits = {
  timeLimitMs: 5000,
  memoryLimitMb: 512,
  workers: Math.min(4, availableParallelism()),
  idleCloseMs: 30_000,
};

let shared: CodeSandbox | undefined;
let leases = 0;

/** The sandbox every suite's code runs in; its processes start on the first call. */
export function userCodeSandbox(): CodeSandbox {
  shared ??= new CodeSandbox(USER_CODE_LIMITS, spawnSandboxProcess);
  return shared;
}

/**
 * Hold the sandbox for a run: its processes stop when the last holder lets go. (Without a holder
 * they stop after a while without calls, or with plume, which they never keep running.)
 */
export function holdUserCodeSandbox(): () => void {
  leases++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    leases--;
    if (leases === 0) shared?.close();
  };
}

/**
 * A Node process under the permission model with nothing allowed: it reads and writes no file
 * (its program comes on the command line), starts no process, worker or addon. It inherits no
 * environment variable (API keys stay here), and its heap stops at the memory limit.
 */
export function spawnSandboxProcess(program: string, limits: SandboxLimits): ChildProcess {
  // Loaded on the first spawn: most runs have no code, and the module costs a start-up.
  const { spawn } = process.getBuiltinModule('node:child_process');
  return spawn(
    process.execPath,
    ['--permission', `--max-old-space-size=${limits.memoryLimitMb}`, '--eval', program],
    { env: {}, stdio: ['ignore', 'ignore', 'ignore', 'ipc'], serialization: 'json', windowsHide: true },
  );
}
