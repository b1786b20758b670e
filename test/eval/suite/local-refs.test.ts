import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectTests } from '../../../src/eval/suite/iterate-tests.ts';
import { loadSuite } from '../../../src/eval/suite/load-suite.ts';
import { resolveLocalRefs } from '../../../src/util/local-refs.ts';
import { loadError } from './suite-test-helpers.ts';

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function suiteFile(text: string): string {
  dir = mkdtempSync(join(tmpdir(), 'plume-refs-'));
  mkdirSync(join(dir, 'prompts'));
  writeFileSync(join(dir, 'plume.yaml'), 'prompts: prompts\n');
  writeFileSync(join(dir, 'promptfooconfig.yaml'), text);
  return join(dir, 'promptfooconfig.yaml');
}

describe("promptfoo's $ref to a part of the config", () => {
  it('fills in an assertion template wherever a test names it, each a copy', async () => {
    const file = suiteFile(
      [
        "prompts: ['Say {{x}} like a pirate']",
        'providers: [echo]',
        'tests:',
        '  - vars: { x: hi }',
        "    assert: [{ type: icontains, value: pirate }, { $ref: '#/assertionTemplates/pirate' }]",
        '  - vars: { x: bye }',
        "    assert: [{ $ref: '#/assertionTemplates/pirate' }]",
        'assertionTemplates:',
        '  pirate: { type: icontains, value: say }',
        '',
      ].join('\n'),
    );
    const suite = await loadSuite(file);
    expect(suite.warnings.join('\n')).not.toContain('assertionTemplates');
    const tests = await collectTests(suite);
    expect(tests.map((test) => test.assert)).toEqual([
      [
        { type: 'icontains', value: 'pirate' },
        { type: 'icontains', value: 'say' },
      ],
      [{ type: 'icontains', value: 'say' }],
    ]);
  });

  it('leaves a $ref that points nowhere in the config (a JSON Schema of its own) as written, and refuses a cycle', async () => {
    const schema = { $defs: { n: { type: 'number' } }, items: { $ref: '#/$defs/n' } };
    expect(resolveLocalRefs({ value: schema })).toEqual({ value: schema });
    expect(() => resolveLocalRefs({ a: { $ref: '#/b' }, b: { $ref: '#/a' } })).toThrow(
      /leads back into itself/,
    );
    const error = await loadError(
      suiteFile("prompts: ['x']\nproviders: [echo]\ntests:\n  - assert: [{ $ref: '#/tests/0' }]\n"),
    );
    expect(error.message).toContain('the reference #/tests/0 leads back into itself');
  });
});
