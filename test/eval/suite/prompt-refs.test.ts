import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../../../src/eval/suite/load-suite.ts';
import type { SuitePrompt } from '../../../src/spec/suite.ts';

describe('prompt references', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'plume-refs-'));
    mkdirSync(join(dir, 'prompts'));
    writeFileSync(join(dir, 'prompts/x.prompt'), 'Hello {{name}}\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function promptOf(entry: string): Promise<SuitePrompt> {
    writeFileSync(join(dir, 'suite.yaml'), `prompts:\n  - ${JSON.stringify(entry)}\n`);
    const [prompt] = (await loadSuite(join(dir, 'suite.yaml'))).prompts;
    return prompt!;
  }

  it.each([
    ['summarize', { kind: 'library', name: 'summarize', selector: undefined }],
    [
      'support/triage@staging',
      { kind: 'library', name: 'support/triage', selector: { kind: 'label', label: 'staging' } },
    ],
    ['summarize@3f2a9c1', { kind: 'library', selector: { kind: 'hash', hash: '3f2a9c1' } }],
    ['summarize@defaced', { kind: 'library', selector: { kind: 'label', label: 'defaced' } }],
    ['prompts/x.prompt', { kind: 'file', label: 'prompts/x.prompt' }],
    ['file://prompts/*.prompt', { kind: 'file', label: 'prompts/x.prompt' }],
    ['Say hello to {{name}}', { kind: 'inline', text: 'Say hello to {{name}}', syntax: 'nunjucks' }],
  ])('%s', async (entry, expected) => {
    expect(await promptOf(entry)).toMatchObject(expected);
  });
});
