import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectTests } from '../../../src/eval/suite/iterate-tests.ts';
import { loadSuite } from '../../../src/eval/suite/load-suite.ts';
import { loadError } from './suite-test-helpers.ts';

// promptfoo's `vars: path.yaml` (a glob, or a list): a test whose variables are the mappings of
// files, relative to the file the test is written in.

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function project(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), 'plume-vars-files-'));
  mkdirSync(join(dir, 'prompts'));
  writeFileSync(join(dir, 'plume.yaml'), 'prompts: prompts\n');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return join(dir, 'promptfooconfig.yaml');
}

const CONFIG = [
  'prompts: ["Write {{content_type}} about {{topic}}"]',
  'providers: [echo]',
  'tests:',
  '  - file://tests/more.yaml',
  '  - vars: vars/topic.yaml',
  '  - vars: [vars/topic.yaml, vars/type.json]',
  '    description: own values over the files',
  '',
].join('\n');

describe("a test's vars read from files", () => {
  it('merges the mappings of a path, a glob or a list, relative to the file the test is in', async () => {
    const suite = await loadSuite(
      project({
        'promptfooconfig.yaml': CONFIG,
        'tests/more.yaml': '- vars: ../vars/*.y*ml\n- vars: "file://../vars/topic.yaml"\n',
        'vars/topic.yaml': 'topic: bananas\n',
        'vars/type.json': '{"content_type": "haiku"}',
        'vars/zz-extra.yml': 'topic: apples\ncontent_type: limericks\n',
      }),
    );
    const tests = await collectTests(suite);
    expect(tests.map((test) => test.vars)).toEqual([
      // topic.yaml, then zz-extra.yml: in order, a later file's value winning.
      { topic: 'apples', content_type: 'limericks' },
      { topic: 'bananas' },
      { topic: 'bananas' },
      { topic: 'bananas', content_type: 'haiku' },
    ]);
    expect(tests.every((test) => !('varsFiles' in test))).toBe(true);
  });

  it('refuses, at the test, a glob that matches nothing, a file that is no mapping, or one outside the project', async () => {
    const none = await loadError(
      project({
        'promptfooconfig.yaml': CONFIG.replace('vars/topic.yaml\n', 'vars/none-*.yaml\n'),
        'tests/more.yaml': '[]\n',
        'vars/topic.yaml': 'topic: x\n',
        'vars/type.json': '{}',
      }),
    );
    expect(none.message).toContain("no file matches 'vars/none-*.yaml'");
    expect(none.location?.line).toBe(5);

    const list = await loadError(
      project({
        'promptfooconfig.yaml': CONFIG,
        'tests/more.yaml': '[]\n',
        'vars/topic.yaml': '- a\n- b\n',
        'vars/type.json': '{}',
      }),
    );
    expect(list.message).toContain('does not hold a mapping of variables');

    const outside = await loadError(
      project({
        'promptfooconfig.yaml': CONFIG.replace('vars/topic.yaml\n', '/etc/hostname\n'),
        'tests/more.yaml': '[]\n',
        'vars/topic.yaml': 'topic: x\n',
        'vars/type.json': '{}',
      }),
    );
    expect(outside.code).toBe('READ_OUTSIDE_PROJECT');
    expect(outside.message).toMatch(/outside|project/);
  });
});
