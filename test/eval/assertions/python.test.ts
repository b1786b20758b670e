import { describe, expect, it } from 'vitest';
import { compileAssertions } from '../../../src/eval/assertions/compile-assertions.ts';
import { runPython } from '../../../src/eval/code/python-process.ts';
import { check } from './cell-context.ts';

const allowCode = { allowCode: true };
const file = (code: string, name?: string) => ({ file: 'check.py', code, ...(name && { function: name }) });

describe('python', () => {
  it('evaluates a one-line expression over output and context', async () => {
    expect((await check({ type: 'python', value: 'len(output) < 10' }, 'short', allowCode)).pass).toBe(true);
    const vars = { ...allowCode, vars: { city: 'Paris' } };
    expect(
      (await check({ type: 'python', value: "context['vars']['city'] in output" }, 'I love Paris', vars))
        .pass,
    ).toBe(true);
    expect((await check({ type: 'not-python', value: 'False' }, 'x', allowCode)).pass).toBe(true);
  });

  it('runs a body that returns a score or a dict', async () => {
    const body = 'words = output.split()\nreturn len(words) / 10';
    expect(
      await check({ type: 'python', value: body, threshold: 0.3 }, 'one two three four', allowCode),
    ).toMatchObject({
      pass: true,
      score: 0.4,
    });
    const dict =
      "print('debug goes to stderr')\nreturn {'pass_': False, 'score': 0.2, 'reason': 'too vague'}";
    expect(await check({ type: 'python', value: dict }, 'x', allowCode)).toMatchObject({
      pass: false,
      score: 0.2,
      reason: 'too vague',
    });
  });

  it('calls get_assert, or the named function, of a file', async () => {
    const code =
      'def get_assert(output, context):\n    return output == "yes"\n\ndef shouty(output, context):\n    return output.isupper()\n';
    expect((await check({ type: 'python', value: file(code) }, 'yes', allowCode)).pass).toBe(true);
    expect((await check({ type: 'python', value: file(code, 'shouty') }, 'yes', allowCode)).pass).toBe(false);
    const missing = await check({ type: 'python', value: file(code, 'nope') }, 'yes', allowCode);
    expect(missing).toMatchObject({ pass: false, score: 0 });
    expect(missing.reason).toContain('the file has no function nope');
  });

  it('is undecided without allowCode, and fails when its code raises, negated or not', async () => {
    expect((await check({ type: 'python', value: 'True' }, 'x')).reason).toMatch(/allows no code/);
    const thrown = await check({ type: 'python', value: '1/0' }, 'x', allowCode);
    expect(thrown).toMatchObject({ pass: false, score: 0 });
    expect(thrown.error).toBeUndefined();
    expect(thrown.reason).toContain('ZeroDivisionError');
    expect(await check({ type: 'not-python', value: '1/0' }, 'x', allowCode)).toMatchObject({ pass: false });
  });

  it('sees no secret of plume environment', async () => {
    process.env.PLUME_TEST_SECRET = 'canary-123';
    try {
      const leak = await check(
        { type: 'python', value: "__import__('os').environ.get('PLUME_TEST_SECRET') is None" },
        'x',
        allowCode,
      );
      expect(leak.pass).toBe(true);
    } finally {
      delete process.env.PLUME_TEST_SECRET;
    }
  });

  it('is killed past its time limit', async () => {
    const limits = { timeLimitMs: 1500, memoryLimitMb: 256, workers: 1, idleCloseMs: 0 };
    const call = { code: 'while True:\n    pass', file: undefined, function: undefined };
    expect(await runPython(call, 'x', {}, limits)).toEqual({ ok: false, reason: 'ran past its 1.5 s limit' });
  });

  it('refuses a file:// value the suite loader did not read', () => {
    expect(() => compileAssertions([{ type: 'python', value: 'file://check.txt' }])).toThrow(
      /not a Python file/,
    );
  });
});
