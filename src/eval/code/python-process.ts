import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { PYTHON_PROGRAM } from './python-program.ts';
import type { SandboxLimits, SandboxResult } from './sandbox-job.ts';

/** What a python check runs: its code, and the file and function when it comes from a file. */
export interface PythonCall {
  code: string;
  file: string | undefined;
  function: string | undefined;
}

const MAX_ANSWER_BYTES = 1024 * 1024;
let running = 0;
const waiting: (() => void)[] = [];

/**
 * Run a python check in a `python3 -I` process of its own: isolated mode (no PYTHON* variables,
 * no user site-packages), no environment but PATH (API keys stay in plume), the temporary folder
 * as its working folder, its data segment capped at the memory limit, killed past the time limit.
 * Python has no permission model: unlike the JavaScript sandbox it can read files and reach the
 * network, which is why it runs only where the suite allows code. At most `limits.workers` run at once.
 */
export async function runPython(
  call: PythonCall,
  output: string,
  context: unknown,
  limits: SandboxLimits,
): Promise<SandboxResult> {
  let request: string;
  try {
    request = JSON.stringify({
      code: call.code,
      file: call.file ?? null,
      function: call.function ?? null,
      output,
      context,
      memoryBytes: limits.memoryLimitMb * 1024 * 1024,
    });
  } catch (error) {
    return {
      ok: false,
      reason: `cannot be given this cell: ${error instanceof Error ? error.message : error}`,
    };
  }
  if (running >= limits.workers) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await runOnce(request, limits);
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function runOnce(request: string, limits: SandboxLimits): Promise<SandboxResult> {
  return new Promise((resolve) => {
    const child = spawn('python3', ['-I', '-c', PYTHON_PROGRAM], {
      cwd: tmpdir(),
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PYTHONIOENCODING: 'utf-8' },
      stdio: ['pipe', 'pipe', 'ignore'],
      windowsHide: true,
    });
    const chunks: Buffer[] = [];
    let bytes = 0;
    let stopped: string | undefined;
    const stop = (reason: string) => {
      stopped ??= reason;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(
      () => stop(`ran past its ${limits.timeLimitMs / 1000} s limit`),
      limits.timeLimitMs,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_ANSWER_BYTES) stop('returned more than 1 MB');
      else chunks.push(chunk);
    });
    child.stdin.on('error', () => {
      // The process ended before reading: its exit says why.
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({
        ok: false,
        reason:
          error.code === 'ENOENT'
            ? 'could not start: python3 was not found (install Python 3, or put it on PATH)'
            : `could not start python3: ${error.message}`,
      });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (stopped !== undefined) return resolve({ ok: false, reason: stopped });
      const text = Buffer.concat(chunks).toString('utf8');
      let answer: { ok?: unknown; value?: unknown; message?: unknown };
      try {
        answer = JSON.parse(text) as typeof answer;
      } catch {
        const memory = code === 1 || signal !== null ? ' (past its memory limit?)' : '';
        return resolve({ ok: false, reason: `stopped without an answer (exit ${code ?? signal})${memory}` });
      }
      resolve(
        answer.ok === true
          ? { ok: true, value: answer.value }
          : { ok: false, reason: `threw: ${String(answer.message)}`, threw: true },
      );
    });
    child.stdin.end(request);
  });
}
