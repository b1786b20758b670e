// Shared parts of the evaluation benchmarks: the suite (2 prompts × N tests × 3 deterministic
// assertions, tests as JSONL), a plume project pointed at the local stub, and a child-process
// timer that reads CPU time and peak RSS from /usr/bin/time -v (or the child's own rusage).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import Database from 'better-sqlite3';

export const REPO_ROOT = resolve(import.meta.dirname, '..');
export const NODE = join(REPO_ROOT, 'node_modules/.bin/node');
export const PLUME_BIN = join(REPO_ROOT, 'bin/plume.js');
const GNU_TIME = '/usr/bin/time';

/** The two prompts both tools run; `{{name}}` is the one variable. */
export const PROMPTS = ['Say hello to {{name}}.', 'Greet {{name}} warmly.'];
/** The stub answers `echo: <last message>`; these three checks pass on every cell. */
export const CONTAINS = 'echo';
export const REGEX = '^echo: ';
export const MAX_LENGTH = 200;

/** Write N tests as JSONL (`{"vars":{"name":"user-i"}}`), streamed so a million lines cost no memory. */
export async function writeTests(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  for (let index = 0; index < count; index++) {
    if (!out.write(`{"vars":{"name":"user-${index}"}}\n`))
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  out.end();
  await finished(out);
}

/** A temporary plume project: the stub as provider `stub`, the two prompts, the suite over tests.jsonl. */
export async function createPlumeProject(baseURL: string, tests: number): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'plume-eval-bench-'));
  mkdirSync(join(root, 'prompts'));
  writeFileSync(
    join(root, 'plume.yaml'),
    `prompts: prompts\nproviders:\n  stub:\n    type: openai-compatible\n    baseURL: ${baseURL}\n` +
      // The provider's own limit (4 for openai-compatible) would cap --max-concurrency.
      '    concurrency: 64\n' +
      'cache:\n  enabled: true\n',
  );
  PROMPTS.forEach((text, index) => {
    writeFileSync(join(root, 'prompts', `p${index + 1}.prompt`), `${text}\n`);
  });
  writeFileSync(
    join(root, 'plume.suite.yaml'),
    "prompts: [p1, p2]\nmodels: ['stub:tiny']\ndefaultTest:\n  assert:\n" +
      `    - { type: contains, value: '${CONTAINS}' }\n` +
      `    - { type: regex, value: '${REGEX}' }\n` +
      `    - { type: character-count, value: { max: ${MAX_LENGTH} } }\n` +
      'tests: file://tests.jsonl\n',
  );
  await writeTests(join(root, 'tests.jsonl'), tests);
  return root;
}

/** What one child process cost. */
export interface ChildCost {
  wallSeconds: number;
  /** CPU (user + system) of the command and of every process it started (sandboxes included). */
  cpuSeconds: number;
  /**
   * The part of cpuSeconds spent in processes the command started and never waited for (plume's
   * code sandboxes, killed as it exits): GNU time cannot see them, so they are read from /proc
   * while the command runs, every 20 ms.
   */
  descendantCpuSeconds: number;
  peakRssMiB: number;
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The CPU of the processes below a measured one (from `depth` levels down: under GNU time, the
 * measured command is its child), as last seen in /proc: what a process used until it was killed
 * unwaited is lost to its parent's accounting. Nothing on systems without /proc.
 */
class DescendantCpu {
  readonly #root: number | undefined;
  readonly #depth: number;
  readonly #last = new Map<number, number>();
  static readonly #TICKS = 100; // USER_HZ on Linux

  constructor(root: number | undefined, depth: number) {
    this.#root = root;
    this.#depth = depth;
  }

  sample(): void {
    if (this.#root === undefined) return;
    const walk = (pid: number, level: number) => {
      for (const child of childrenOf(pid)) {
        if (level >= this.#depth) {
          const ticks = cpuTicks(child);
          if (ticks !== undefined) this.#last.set(child, ticks);
        }
        walk(child, level + 1);
      }
    };
    walk(this.#root, 1);
  }

  get seconds(): number {
    let ticks = 0;
    for (const value of this.#last.values()) ticks += value;
    return ticks / DescendantCpu.#TICKS;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

// utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat).
function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** Run a command as a child (asynchronously: the stub serves from this process meanwhile). */
export async function timeChild(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<ChildCost> {
  const viaTime = existsSync(GNU_TIME);
  const [file, argv] = viaTime ? [GNU_TIME, ['-v', command, ...args]] : [command, args];
  const start = performance.now();
  const child = spawn(file, argv, { cwd: options.cwd, env: { ...process.env, ...options.env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (part: Buffer) => {
    stdout += part.toString();
  });
  child.stderr.on('data', (part: Buffer) => {
    stderr += part.toString();
    if (stderr.length > 1_000_000) stderr = stderr.slice(-100_000); // progress lines
  });
  const descendants = new DescendantCpu(child.pid, viaTime ? 2 : 1);
  const poll = setInterval(() => descendants.sample(), 20);
  const code = await new Promise<number>((done) => child.on('close', (status) => done(status ?? 1)));
  clearInterval(poll);
  const wallSeconds = (performance.now() - start) / 1000;
  const descendantCpuSeconds = descendants.seconds;
  if (viaTime) {
    const field = (name: string) => Number(new RegExp(`${name}[^:]*: ([\\d.]+)`).exec(stderr)?.[1] ?? NaN);
    const cpuSeconds = field('User time') + field('System time') + descendantCpuSeconds;
    const peakRssMiB = field('Maximum resident set size') / 1024;
    return { wallSeconds, cpuSeconds, descendantCpuSeconds, peakRssMiB, code, stdout, stderr };
  }
  // Without GNU time: only wall time is known from outside.
  return { wallSeconds, cpuSeconds: NaN, descendantCpuSeconds, peakRssMiB: NaN, code, stdout, stderr };
}

/** `plume eval --json` in the project, timed. */
export async function timePlumeEval(root: string, args: string[]): Promise<ChildCost> {
  const cost = await timeChild(NODE, [PLUME_BIN, 'eval', '--json', ...args], { cwd: root });
  if (cost.code !== 0) throw new Error(`plume eval failed (${cost.code}): ${cost.stderr.slice(-2000)}`);
  return cost;
}

/** The totals of a `plume eval --json` report. */
export function plumeTotals(cost: ChildCost): {
  cells: number;
  passed: number;
  cached: number;
  errors: number;
} {
  return (
    JSON.parse(cost.stdout) as { totals: { cells: number; passed: number; cached: number; errors: number } }
  ).totals;
}

/** The run id of a `plume eval --json` report. */
export function plumeRunId(cost: ChildCost): string {
  return (JSON.parse(cost.stdout) as { runId: string }).runId;
}

/**
 * How long a run took by the store's clock: from its creation (the suite loaded, its tests
 * scanned) to its last status (every cell written), so without the process's start-up and report.
 */
export function runSeconds(root: string, runId: string): number {
  const db = new Database(join(root, '.plume', 'plume.db'), { readonly: true });
  try {
    const row = db.prepare('SELECT created_at, updated_at FROM runs WHERE id = ?').get(runId) as
      | { created_at: string; updated_at: string }
      | undefined;
    if (row === undefined) throw new Error(`no run ${runId} in ${root}`);
    return (Date.parse(row.updated_at) - Date.parse(row.created_at)) / 1000;
  } finally {
    db.close();
  }
}

/** `2.34` → `2.34×`, marked met or missed against a target that is a floor or a ceiling. */
export function verdict(value: number, target: number, kind: 'at most' | 'at least'): string {
  const met = kind === 'at most' ? value <= target : value >= target;
  return `${met ? 'MET' : 'MISSED'} (target ${kind} ${target})`;
}

/** `min–max` of the figures, with `digits` decimals. */
export function range(values: readonly number[], digits: number): string {
  const low = Math.min(...values).toFixed(digits);
  const high = Math.max(...values).toFixed(digits);
  return low === high ? low : `${low}–${high}`;
}

/** `[...values]` sorted, its median (the lower middle of an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/**
 * How fast this machine is right now: the milliseconds a fixed piece of CPU work takes here
 * (hashing, short-lived objects, JSON), the kind of work a cached run does. On a shared machine
 * it is not a constant: on the 2-core machine these benchmarks were written on, it took 29 to 91 ms
 * within one minute, with nothing else running. Taken next to a timing, it tells a slow run of
 * plume from a slow moment of the machine.
 */
export function machineReference(): number {
  const start = performance.now();
  let sink = 0;
  for (let index = 0; index < 200_000; index++) {
    const record = { index, text: `cell-${index}` };
    sink += JSON.stringify(record).length;
    if (index % 10 === 0) sink += createHash('sha256').update(record.text).digest()[0]!;
  }
  if (sink === 0) throw new Error('unreachable: the reference work was optimized away');
  return performance.now() - start;
}
