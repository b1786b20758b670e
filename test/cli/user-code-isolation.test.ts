import { afterEach, describe, expect, it } from 'vitest';
import type { AssertionResult } from '../../src/spec/assertion.ts';
import { bareEnv } from '../helpers/bare-env.ts';
import { type CliResult, runCli, spawnCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

const GREET = 'Say hello to {{name}}.\n';
const CANARY = 'sk-canary-7d1f0b42';

/**
 * A suite on echo whose tests each carry one javascript check, described by `name`. The suite file's
 * own code runs without allowCode (as promptfoo runs it), and still in the sandbox.
 */
function suiteOf(checks: Record<string, string>): string {
  const tests = Object.entries(checks).map(([description, code]) => ({
    description,
    vars: { name: description },
    assert: [{ type: 'javascript', value: code }],
  }));
  return JSON.stringify({ prompts: ['greet'], models: ['echo:default'], tests });
}

/** A project whose suite runs these checks; `checksOf` reads their results back by name. */
function evalSuite(checks: Record<string, string>): { project: TempProject; file: string } {
  const created = createTempProject({ 'greet.prompt': GREET });
  project = created;
  names = Object.keys(checks);
  return { project: created, file: created.write('plume.suite.json', suiteOf(checks)) };
}

/** Each test's check result, by the name its check has in evalSuite, from `plume runs export`. */
async function checksOf(project: TempProject, result: CliResult): Promise<Record<string, AssertionResult>> {
  const runId = /run (\S+) \(completed\)/.exec(result.stdout)?.[1];
  expect(runId, result.stdout + result.stderr).toBeDefined();
  const exported = await runCli(project.root, ['runs', 'export', runId!], bareEnv());
  const checks: Record<string, AssertionResult> = {};
  for (const line of exported.stdout.trim().split('\n')) {
    const cell = JSON.parse(line) as { testIndex: number; assertions: AssertionResult[] };
    checks[names[cell.testIndex]!] = cell.assertions[0]!;
  }
  return checks;
}

let names: string[] = [];

// Restored after each test: code that ran in this process would have changed them for the rest.
const includes = Array.prototype.includes;
let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
  delete (Object.prototype as Record<string, unknown>).polluted;
  Array.prototype.includes = includes;
});

describe('javascript checks run isolated from plume', () => {
  it("do not see plume's environment variables, even through the global object", async () => {
    const { project, file } = evalSuite({
      direct:
        'return { pass: true, reason: typeof process === "undefined" ? "none" : process.env.OPENAI_API_KEY }',
      global:
        'const p = globalThis.constructor.constructor("return typeof process === \\"undefined\\" ? undefined : process")();\n' +
        'return { pass: true, reason: p === undefined ? "none" : String(p.env.OPENAI_API_KEY) }',
    });
    const result = spawnCli(project.root, ['eval', file], bareEnv({ OPENAI_API_KEY: CANARY }));
    expect(result.code, result.stderr).toBe(0);
    const checks = await checksOf(project, result);
    expect(checks.direct).toMatchObject({ pass: true, reason: 'none' });
    expect(checks.global).toMatchObject({ pass: true, reason: 'none' });
    expect(JSON.stringify(checks)).not.toContain(CANARY);
  });

  it('cannot start a process or load a module: the check fails with why, and the run goes on', async () => {
    const { project, file } = evalSuite({
      exec: "return String(process.getBuiltinModule('node:child_process').execSync('id'))",
      binding: "return typeof process.binding('spawn_sync').spawn === 'function'",
      imported: "return import('node:child_process').then((m) => String(m.execSync('id')))",
      fine: 'return output.startsWith("Say hello")',
    });
    const result = await runCli(project.root, ['eval', file], bareEnv());
    expect(result.code, result.stderr).toBe(0);
    const checks = await checksOf(project, result);
    for (const name of ['exec', 'binding']) {
      expect(checks[name]).toMatchObject({ pass: false, error: true });
      expect(checks[name]!.reason).toBe(
        "the javascript check threw: process is not defined (a check sees only output, context and JavaScript's built-ins)",
      );
    }
    expect(checks.imported).toMatchObject({
      pass: false,
      error: true,
      reason: 'the javascript check threw: a check cannot import modules',
    });
    expect(checks.fine).toMatchObject({ pass: true });
  });

  it("change no built-in for the next check nor for plume's own process", async () => {
    const { project, file } = evalSuite({
      first: 'Object.prototype.polluted = 1; Array.prototype.includes = () => true; return true',
      second: 'return ({}).polluted === undefined && ![1].includes(2)',
      third: 'return ({}).polluted === undefined',
    });
    const result = await runCli(project.root, ['eval', file], bareEnv());
    expect(result.code, result.stderr).toBe(0);
    const checks = await checksOf(project, result);
    // The first is told it cannot; the others see the built-ins as JavaScript defines them.
    expect(checks.first).toMatchObject({ pass: false, error: true });
    expect(checks.first!.reason).toContain("checks share JavaScript's built-ins and global object");
    expect([checks.second!.pass, checks.third!.pass]).toEqual([true, true]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect([1].includes(2)).toBe(false);
  });

  it('stop a check past its time limit, and the run goes on', async () => {
    const { project, file } = evalSuite({
      loop: 'while (true) {}\nreturn true',
      waiting: 'return (async () => { for (;;) await null; })()',
      fine: 'return output.length > 0',
    });
    const started = Date.now();
    const result = spawnCli(project.root, ['eval', file], bareEnv());
    expect(result.code, result.stderr).toBe(0);
    const checks = await checksOf(project, result);
    for (const name of ['loop', 'waiting'])
      expect(checks[name]).toMatchObject({
        pass: false,
        error: true,
        reason: 'the javascript check ran past its 5 s limit',
      });
    expect(checks.fine).toMatchObject({ pass: true });
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 40_000);

  it('stop a check past its memory limit, in the heap or in array buffers, and the run goes on', async () => {
    const { project, file } = evalSuite({
      heap: 'const kept = []; for (;;) kept.push(new Array(1 << 20).fill(kept.length));\nreturn true',
      // Array buffers are outside the heap limit; their bound needs /proc (Linux).
      ...(process.platform === 'linux' && {
        buffers:
          'const kept = []; for (;;) kept.push(new Uint8Array(64 * 1024 * 1024).fill(1));\nreturn true',
      }),
      fine: 'return output.length > 0',
    });
    const result = spawnCli(project.root, ['eval', file], bareEnv());
    expect(result.code, result.stderr).toBe(0);
    const checks = await checksOf(project, result);
    const memory = 'the javascript check ran past its 512 MB memory limit';
    expect(checks.heap).toMatchObject({ pass: false, error: true, reason: memory });
    if (process.platform === 'linux')
      expect(checks.buffers).toMatchObject({ pass: false, error: true, reason: memory });
    expect(checks.fine).toMatchObject({ pass: true });
  }, 60_000);
});
