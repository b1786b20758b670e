import { afterEach, describe, expect, it } from 'vitest';
import { CodeSandbox } from '../../../src/eval/code/code-sandbox.ts';
import { spawnSandboxProcess } from '../../../src/eval/code/user-code-sandbox.ts';

let sandbox: CodeSandbox | undefined;
afterEach(() => {
  sandbox?.close();
  sandbox = undefined;
});

function makeSandbox(timeLimitMs = 2000, idleCloseMs = 60_000): CodeSandbox {
  sandbox = new CodeSandbox(
    { timeLimitMs, memoryLimitMb: 256, workers: 2, idleCloseMs },
    spawnSandboxProcess,
  );
  return sandbox;
}

describe('CodeSandbox', () => {
  it('returns what the code returns, as JSON data, awaiting its promises', async () => {
    const box = makeSandbox();
    expect(await box.run('return output.toUpperCase()', 'hi', {})).toEqual({ ok: true, value: 'HI' });
    expect(await box.run('return context.vars.n * 2', '', { vars: { n: 21 } })).toEqual({
      ok: true,
      value: 42,
    });
    expect(await box.run('return (async () => ({ pass: true, score: 0.5 }))()', '', {})).toEqual({
      ok: true,
      value: { pass: true, score: 0.5 },
    });
    expect(await box.run('return undefined', '', {})).toEqual({ ok: true });
  });

  it('says why a call has no value: a throw, a rejection, a value JSON cannot hold, a promise never settled', async () => {
    const box = makeSandbox();
    expect(await box.run('throw new TypeError("bad input")', '', {})).toEqual({
      ok: false,
      reason: 'threw: bad input',
      threw: true,
    });
    expect(await box.run('throw "plain"', '', {})).toEqual({
      ok: false,
      reason: 'threw: plain',
      threw: true,
    });
    expect(await box.run('return Promise.reject(new Error("later"))', '', {})).toEqual({
      ok: false,
      reason: 'threw: later',
      threw: true,
    });
    expect((await box.run('return 10n', '', {})).ok).toBe(false);
    expect(await box.run('return 10n', '', {})).toMatchObject({
      reason: expect.stringMatching(/^threw: the value it returned cannot be read as JSON/),
    });
    expect(await box.run('return new Promise(() => {})', '', {})).toEqual({
      ok: false,
      reason: 'returned a promise that never settles (a check has no timers or I/O)',
    });
  });

  it("hands the code a copy of the cell's data", async () => {
    const box = makeSandbox();
    const vars = { list: [1, 2] };
    expect(await box.run('context.vars.list.push(3); return context.vars.list.length', '', { vars })).toEqual(
      {
        ok: true,
        value: 3,
      },
    );
    expect(vars.list).toEqual([1, 2]);
  });

  it('replaces a process killed past the time limit, and the next call runs', async () => {
    const box = makeSandbox(300);
    const started = performance.now();
    expect(await box.run('for (;;) {}\nreturn 1', '', {})).toEqual({
      ok: false,
      reason: 'ran past its 0.3 s limit',
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(await box.run('return 1', '', {})).toEqual({ ok: true, value: 1 });
  });

  it('runs calls side by side on its processes, none leaving anything for the next', async () => {
    const box = makeSandbox();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        box.run(
          'const seen = globalThis.seen; try { globalThis.seen = output } catch {} return seen',
          String(index),
          {},
        ),
      ),
    );
    expect(results).toEqual(Array.from({ length: 20 }, () => ({ ok: true })));
  });

  it('tells a call that writes a global or a built-in that it cannot, and lets objects set their own', async () => {
    const box = makeSandbox();
    expect(await box.run('globalThis.seen = output; return 1', 'x', {})).toEqual({
      ok: false,
      reason:
        "threw: Cannot add property seen, object is not extensible (checks share JavaScript's built-ins and global object, which none may change)",
    });
    expect(await box.run('Array.prototype.includes = () => true; return 1', '', {})).toMatchObject({
      ok: false,
      reason: expect.stringContaining('which none may change'),
    });
    expect(await box.run('return [1].includes(2)', '', {})).toEqual({ ok: true, value: false });
    // An object may still set, on itself, the names its prototype has (an error's name, a toString).
    const own =
      'const e = new Error("x"); e.name = "Late"; const o = {}; o.toString = () => "t"; return e.name + String(o)';
    expect(await box.run(own, '', {})).toEqual({ ok: true, value: 'Latet' });
    // The last match of a regular expression stays with the check that made it.
    await box.run("return /(secret)/.test('a secret')", '', {});
    expect(await box.run("return typeof RegExp.$1 === 'undefined'", '', {})).toEqual({
      ok: true,
      value: true,
    });
  });

  it('fails the calls still waiting when it is closed', async () => {
    const box = makeSandbox();
    const waiting = [box.run('for (;;) {}\nreturn 1', '', {}), box.run('for (;;) {}\nreturn 1', '', {})];
    const queued = box.run('return 1', '', {});
    box.close();
    for (const result of await Promise.all([...waiting, queued]))
      expect(result).toEqual({ ok: false, reason: 'was stopped: the run ended' });
    expect(await box.run('return 2', '', {})).toEqual({ ok: true, value: 2 });
  });

  it('stops its processes after a while without calls, and starts them again on the next', async () => {
    const box = makeSandbox(2000, 300);
    await Promise.all([box.run('return 1', '', {}), box.run('return 2', '', {})]);
    expect(box.processes).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await box.run('return 3', '', {});
    await new Promise((resolve) => setTimeout(resolve, 200));
    // 350 ms after the first calls, 200 ms after the last: still up.
    expect(box.processes).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(box.processes).toBe(0);
    expect(await box.run('return 4', '', {})).toEqual({ ok: true, value: 4 });
  });
});
