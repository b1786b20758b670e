import { describe, expect, it } from 'vitest';
import { compileAssertions } from '../../../src/eval/assertions/compile-assertions.ts';
import { check, evaluate } from './cell-context.ts';

const allowCode = { allowCode: true };

describe('javascript', () => {
  it('runs an expression over output and context when the suite allows code', async () => {
    expect((await check({ type: 'javascript', value: 'output.length < 10' }, 'short', allowCode)).pass).toBe(
      true,
    );
    expect((await check({ type: 'javascript', value: 'output.length < 3' }, 'short', allowCode)).pass).toBe(
      false,
    );
    const usesVars = { type: 'javascript' as const, value: 'output.includes(context.vars.city)' };
    expect((await check(usesVars, 'I love Paris', { ...allowCode, vars: { city: 'Paris' } })).pass).toBe(
      true,
    );
  });

  it('fails with a clear reason when code is not allowed, and negation does not flip that', async () => {
    const result = await check({ type: 'javascript', value: 'true' }, 'x');
    expect(result).toMatchObject({ pass: false, error: true });
    expect(result.reason).toMatch(/allows no code/);
    expect(await check({ type: 'not-javascript', value: 'false' }, 'x')).toMatchObject({
      pass: false,
      error: true,
    });
  });

  it('accepts a function body, a score and a { pass, score, reason } object', async () => {
    const body = 'const words = output.split(" ");\nreturn words.length / 10;';
    const scored = await check(
      { type: 'javascript', value: body, threshold: 0.3 },
      'one two three four',
      allowCode,
    );
    expect(scored).toMatchObject({ pass: true, score: 0.4 });
    const object = await check(
      { type: 'javascript', value: '({ pass: false, score: 0.2, reason: "too vague" })' },
      'x',
      allowCode,
    );
    expect(object).toMatchObject({ pass: false, score: 0.2, reason: 'too vague' });
  });

  it('turns a thrown error or an odd return value into an undecided result', async () => {
    expect((await check({ type: 'javascript', value: 'output.nope.deeper' }, 'x', allowCode)).reason).toMatch(
      /threw/,
    );
    expect((await check({ type: 'javascript', value: '"yes"' }, 'x', allowCode)).error).toBe(true);
  });

  it('reports a syntax error at compile time', () => {
    expect(() => compileAssertions([{ type: 'javascript', value: 'output.length <' }])).toThrow(
      /does not compile/,
    );
  });

  it('marks the compiled assertions as needing code', () => {
    expect(compileAssertions([{ type: 'javascript', value: 'true' }]).needsCode).toBe(true);
    expect(compileAssertions([{ type: 'contains', value: 'a', transform: 'output.trim()' }]).needsCode).toBe(
      true,
    );
    expect(compileAssertions([{ type: 'contains', value: 'a' }]).needsCode).toBe(false);
  });
});

describe('javascript written in test data', () => {
  const fromData = (entries: Parameters<typeof compileAssertions>[0]) =>
    compileAssertions(entries, { dataFrom: 1 });

  it("stays undecided when only the suite's own code may run, while the suite's check runs", async () => {
    const compiled = fromData([
      { type: 'javascript', value: 'output.length > 0' },
      { type: 'javascript', value: 'true' },
      { type: 'contains', value: 'a', transform: 'output' },
    ]);
    expect(compiled.needsDataCode).toBe(true);
    const { evaluateAssertions } = await import('../../../src/eval/assertions/evaluate-assertions.ts');
    const { cellContext } = await import('./cell-context.ts');
    const result = await evaluateAssertions(compiled, cellContext('a', { allowCode: true }));
    expect(result.results[0]).toMatchObject({ pass: true });
    for (const data of result.results.slice(1)) {
      expect(data).toMatchObject({ error: true });
      expect(data.reason).toMatch(/comes from test data.*allowCode: true/);
    }
    const allowed = await evaluateAssertions(
      compiled,
      cellContext('a', { allowCode: true, allowDataCode: true }),
    );
    expect(allowed.results.map((item) => item.pass)).toEqual([true, true, true]);
  });

  it("counts code filled in from {{vars}} as data when the test's vars come from a tests file", async () => {
    const templated = [{ type: 'javascript' as const, value: 'output === "{{expected}}"' }];
    expect(compileAssertions(templated, { dataVars: true }).needsDataCode).toBe(true);
    // Vars written in the suite file are the suite's: the code filled in from them runs.
    expect(compileAssertions(templated).needsDataCode).toBe(false);
    const result = await check({ type: 'javascript', value: 'output === "{{x}}"' }, 'a', {
      allowCode: true,
      vars: { x: 'a' },
    });
    expect(result).toMatchObject({ pass: true });
    expect(compileAssertions([{ type: 'javascript', value: 'true' }], { dataVars: true }).needsDataCode).toBe(
      false,
    );
  });
});

describe('transform', () => {
  it('changes the output a check sees', async () => {
    const entry = { type: 'equals' as const, value: 'PARIS', transform: 'output.trim().toUpperCase()' };
    expect((await check(entry, '  paris ', allowCode)).pass).toBe(true);
  });

  it('serializes a non-string result as JSON', async () => {
    const entry = { type: 'equals' as const, value: '{"n":5}', transform: '({ n: output.length })' };
    expect((await check(entry, 'hello', allowCode)).pass).toBe(true);
  });

  it('needs code to be allowed', async () => {
    const result = await evaluate([{ type: 'contains', value: 'a', transform: 'output' }], 'a');
    expect(result.results[0]).toMatchObject({ pass: false, error: true });
  });
});

describe('javascript files', () => {
  const file = (code: string, name?: string) => ({ file: 'check.js', code, ...(name && { function: name }) });

  it('calls the export of a CommonJS or ES module file, default or named', async () => {
    const commonJs = 'module.exports = (output, context) => output === context.vars.word;';
    const vars = { ...allowCode, vars: { word: 'yes' } };
    expect((await check({ type: 'javascript', value: file(commonJs) }, 'yes', vars)).pass).toBe(true);
    const esm =
      'const output = 1;\nexport default function (text) { return text.length > output; }\nexport function short(text) { return { pass: text.length < 3, score: 0.5 }; }';
    expect((await check({ type: 'javascript', value: file(esm) }, 'yes', allowCode)).pass).toBe(true);
    expect(await check({ type: 'javascript', value: file(esm, 'short') }, 'yes', allowCode)).toMatchObject({
      pass: false,
      score: 0.5,
    });
    // A check that cannot find its function fails (a broken check lets nothing through).
    const missing = await check({ type: 'javascript', value: file(commonJs, 'nope') }, 'yes', allowCode);
    expect(missing).toMatchObject({ pass: false, score: 0 });
    expect(missing.error).toBeUndefined();
    expect(missing.reason).toContain('the file has no function as an export named nope');
  });

  it('reports a file that does not compile with its name', () => {
    expect(() => compileAssertions([{ type: 'javascript', value: file('module.exports = (') }])).toThrow(
      /"javascript" \(check\.js\): the JavaScript does not compile/,
    );
  });
});
