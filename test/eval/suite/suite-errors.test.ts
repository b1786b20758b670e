import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../../../src/eval/suite/load-suite.ts';
import { fixture, loadError } from './suite-test-helpers.ts';

/** Each case: the suite fixture, the file and line the error must name, and words of its message. */
const CASES: [name: string, suite: string, at: string, message: RegExp][] = [
  [
    'unknown top-level key',
    'unknown-key.yaml',
    'unknown-key.yaml:3',
    /'defaultTests' \(did you mean 'defaultTest'\?\)/,
  ],
  [
    'unknown key in a test',
    'unknown-test-key.yaml',
    'unknown-test-key.yaml:8',
    /tests\.1: .*did you mean 'assert'/,
  ],
  [
    'unknown model parameter',
    'unknown-param.yaml',
    'unknown-param.yaml:6',
    /'maxTokns' \(did you mean 'maxTokens'\?\)/,
  ],
  ['wrong type', 'wrong-type.yaml', 'wrong-type.yaml:3', /repeats: .*expected number/],
  [
    'model without provider',
    'bad-model-ref.yaml',
    'bad-model-ref.yaml:5',
    /'gpt-4o' is not a model reference/,
  ],
  [
    'missing test file',
    'missing-test-file.yaml',
    'missing-test-file.yaml:5',
    /test file not found: data\/missing\.csv/,
  ],
  ['glob matching nothing', 'empty-glob.yaml', 'empty-glob.yaml:3', /no test file matches/],
  [
    'CSV row with the wrong column count',
    'csv-columns.yaml',
    'data/columns.csv:4',
    /3 values; the header has 2/,
  ],
  [
    'unknown CSV special column',
    'csv-special.yaml',
    'data/special.csv:1',
    /'__expeted' \(did you mean '__expected'\?\)/,
  ],
  ['JSONL line that is not JSON', 'jsonl-syntax.yaml', 'data/broken.jsonl:4', /line 4 is not valid JSON/],
  ['JSONL line of bare variables', 'jsonl-bare.yaml', 'data/bare.jsonl:2', /not a test case/],
  [
    'invalid test in a JSON file',
    'json-tests.yaml',
    'data/tests.json:4',
    /vars names a file that does not exist: two/,
  ],
  [
    'inline var naming a missing file',
    'missing-var-file.yaml',
    'missing-var-file.yaml:7',
    /'text' .*missing file/,
  ],
  ['CSV var naming a missing file', 'csv-var-file.yaml', 'data/var-files.csv:3', /'text' .*missing file/],
  ['malformed version hash', 'bad-version.yaml', 'bad-version.yaml:4', /malformed version '3f2a9g1'/],
  ['empty version', 'empty-version.yaml', 'empty-version.yaml:2', /'summarize@' has a malformed version/],
  [
    'both models and providers',
    'both-model-lists.yaml',
    'both-model-lists.yaml:3',
    /both models and providers/,
  ],
  [
    'unknown assertion type',
    'unknown-assertion.yaml',
    'unknown-assertion.yaml:7',
    /unknown type "contain" \(did you mean 'contains'\?\)/,
  ],
  ['two prompts with one label', 'duplicate-labels.yaml', 'duplicate-labels.yaml:2', /labelled 'summarize'/],
];

describe('suite errors say file:line and how to fix it', () => {
  it.each(CASES)('%s', async (_name, suite, at, message) => {
    const error = await loadError(fixture('errors', suite));
    expect(error.code).toBe('SUITE_INVALID');
    const [file, line] = at.split(':') as [string, string];
    expect(error.location?.file).toBe(fixture('errors', file));
    expect(error.location?.line).toBe(Number(line));
    expect(error.describe()).toContain(`${fixture('errors', file)}:${line}`);
    expect(error.message).toMatch(message);
    // How to fix it: a hint, or an example in the message itself.
    expect(error.hint ?? error.message.match(/such as .+/)?.[0]).toBeTruthy();
  });

  it('YAML syntax', async () => {
    // Written at test time: a broken YAML file in the repository would fail the formatter's check.
    const dir = mkdtempSync(join(tmpdir(), 'plume-yaml-'));
    try {
      const file = join(dir, 'suite.yaml');
      writeFileSync(file, 'prompts:\n  - summarize\ntests:\n  - vars:\n      text: one\n     assert: []\n');
      const error = await loadError(file);
      expect(error.location).toMatchObject({ file, line: 6 });
      expect(error.describe()).toContain(`${file}:6`);
      expect(error.message).toMatch(/YAML syntax error/);
      expect(error.hint).toMatch(/indentation/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("loads a suite with a top-level key of another tool's, with a warning at its line; a misspelt one is refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plume-foreign-'));
    try {
      const file = join(dir, 'suite.yaml');
      writeFileSync(
        file,
        'prompts: ["Say {{x}}"]\nproviders: [echo]\noutputs:\n  - type: csv\ntests:\n  - vars: { x: hi }\n',
      );
      const suite = await loadSuite(file);
      expect(suite.testCount).toBe(1);
      expect(suite.warnings).toContain(
        `${file}:3:1: unknown key 'outputs' is ignored (see schema/suite.schema.json for the keys a suite takes)`,
      );
      writeFileSync(
        file,
        'prompts: ["Say {{x}}"]\nproviders: [echo]\nrepeat: 2\ntests:\n  - vars: { x: hi }\n',
      );
      const error = await loadError(file);
      expect(error.message).toContain("unknown key 'repeat' (did you mean 'repeats'?)");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a missing suite file as not found', async () => {
    const error = await loadError(fixture('errors', 'no-such-suite.yaml'));
    expect(error.code).toBe('SUITE_NOT_FOUND');
  });

  it('reports an unknown key in a TypeScript config at the file, with a suggestion', async () => {
    const error = await loadError(fixture('ts-config', 'bad.suite.ts'));
    expect(error.location).toEqual({ file: fixture('ts-config', 'bad.suite.ts') });
    expect(error.message).toContain("unknown key 'tets' (did you mean 'tests'?)");
  });
});
