import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../../../src/eval/suite/load-suite.ts';
import type { SuitePrompt } from '../../../src/spec/suite.ts';

describe('promptfoo prompt files in a suite', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'plume-pf-prompts-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function promptsOf(file: string, content: string, entry = `file://${file}`): Promise<SuitePrompt[]> {
    writeFileSync(join(dir, file), content);
    writeFileSync(join(dir, 'suite.yaml'), `prompts:\n  - ${JSON.stringify(entry)}\n`);
    return (await loadSuite(join(dir, 'suite.yaml'))).prompts;
  }

  async function errorOf(file: string, content: string, entry?: string): Promise<Error> {
    return promptsOf(file, content, entry).then(
      () => {
        throw new Error('no error');
      },
      (error: Error) => error,
    );
  }

  it('splits a .txt file at lines of ---, one prompt per section, with its first line and a label each', async () => {
    const prompts = await promptsOf(
      'many.txt',
      'First {{ a }}\n\n  ---  \n\nSecond\nline\n---\n\n---\nThird\n',
    );
    expect(prompts).toEqual([
      {
        kind: 'inline',
        syntax: 'nunjucks',
        text: 'First {{ a }}',
        label: 'many.txt#1',
        origin: { file: join(dir, 'many.txt'), line: 1 },
      },
      {
        kind: 'inline',
        syntax: 'nunjucks',
        text: 'Second\nline',
        label: 'many.txt#2',
        origin: { file: join(dir, 'many.txt'), line: 5 },
      },
      {
        kind: 'inline',
        syntax: 'nunjucks',
        text: 'Third',
        label: 'many.txt#3',
        origin: { file: join(dir, 'many.txt'), line: 10 },
      },
    ]);
  });

  it('keeps a --- inside a line, and a .md or .j2 file whole', async () => {
    expect((await promptsOf('one.txt', 'a --- b\n')).map((prompt) => prompt.label)).toEqual(['one.txt']);
    const markdown = await promptsOf('doc.md', '# Title\n\n---\n\nBody {{ x }}\n');
    expect(markdown).toHaveLength(1);
    expect(markdown[0]).toMatchObject({ kind: 'inline', syntax: 'nunjucks', label: 'doc.md' });
    expect(await promptsOf('t.j2', '{% for x in xs %}{{ x }}{% endfor %}\n')).toMatchObject([
      { kind: 'inline', syntax: 'nunjucks', label: 't.j2' },
    ]);
  });

  it('reads a .yaml chat file as its JSON, a .jsonl file as one prompt per line', async () => {
    const yaml = await promptsOf(
      'chat.yaml',
      '- role: system\n  content: Be {{ tone }}\n- role: user\n  content: "{{ q }}"\n',
    );
    expect(yaml).toMatchObject([{ kind: 'inline', syntax: 'nunjucks', label: 'chat.yaml' }]);
    expect(JSON.parse((yaml[0] as { text: string }).text)).toEqual([
      { role: 'system', content: 'Be {{ tone }}' },
      { role: 'user', content: '{{ q }}' },
    ]);
    const lines = await promptsOf(
      'chats.jsonl',
      '[{"role":"user","content":"a"}]\n\n[{"role":"user","content":"b"}]\n',
    );
    expect(
      lines.map((prompt) => [prompt.label, (prompt as { origin?: { line: number } }).origin?.line]),
    ).toEqual([
      ['chats.jsonl#1', 1],
      ['chats.jsonl#2', 3],
    ]);
  });

  it('reads a CSV of prompts: one per line, or a prompt column with an optional label column', async () => {
    const plain = await promptsOf('plain.csv', 'prompt\nSay {{ a }}\nTell {{ b }}\n');
    expect(plain.map((prompt) => (prompt as { text: string }).text)).toEqual(['Say {{ a }}', 'Tell {{ b }}']);
    const columns = await promptsOf('cols.csv', 'prompt,label\n"Hi, {{ name }}",greeting\nBye {{ name }},\n');
    expect(columns.map((prompt) => [prompt.label, (prompt as { text: string }).text])).toEqual([
      ['greeting', 'Hi, {{ name }}'],
      ['cols.csv#2', 'Bye {{ name }}'],
    ]);
  });

  it('reads a JavaScript prompt function as its code and export; refuses other languages and an empty file', async () => {
    const [code] = await promptsOf('fn.js', 'module.exports.p = () => "x";\n', 'file://fn.js:p');
    expect(code).toMatchObject({ kind: 'inline', syntax: 'javascript', functionName: 'p', label: 'fn.js:p' });
    const python = await errorOf('fn.py', 'def p(context):\n  return "x"\n', 'file://fn.py:p');
    expect(python.message).toContain('prompt functions in .py files (fn.py:p) are not supported');
    expect((python as { location?: { line?: number } }).location?.line).toBe(2);
    const empty = await errorOf('empty.txt', '\n---\n\n');
    expect(empty.message).toContain('holds no prompt');
  });

  it('labels each file of a labelled glob `label: path`, as promptfoo does', async () => {
    writeFileSync(join(dir, 'g1.txt'), 'One {{ x }}');
    writeFileSync(join(dir, 'g2.txt'), 'Two {{ x }}');
    writeFileSync(join(dir, 'suite.yaml'), "prompts:\n  - id: 'file://g*.txt'\n    label: globbed\n");
    expect((await loadSuite(join(dir, 'suite.yaml'))).prompts.map((prompt) => prompt.label)).toEqual([
      'globbed: g1.txt',
      'globbed: g2.txt',
    ]);
  });

  it('reads a prompt with both id and raw as promptfoo does: raw the text, id its name', async () => {
    writeFileSync(join(dir, 'suite.yaml'), 'prompts:\n  - id: Survey\n    raw: |\n      Say {{ x }}\n');
    expect((await loadSuite(join(dir, 'suite.yaml'))).prompts).toMatchObject([
      { kind: 'inline', text: 'Say {{ x }}\n', label: 'Survey' },
    ]);
  });

  it("reads promptfoo's map of prompts to labels", async () => {
    writeFileSync(join(dir, 'a.txt'), 'From a file {{ x }}\n');
    writeFileSync(
      join(dir, 'suite.yaml'),
      "prompts:\n  file://a.txt: File prompt\n  'Inline {{ x }}': Inline prompt\n",
    );
    const prompts = (await loadSuite(join(dir, 'suite.yaml'))).prompts;
    expect(prompts.map((prompt) => [prompt.label, (prompt as { text: string }).text])).toEqual([
      ['File prompt', 'From a file {{ x }}'],
      ['Inline prompt', 'Inline {{ x }}'],
    ]);
  });

  it('keeps plume prompts that use Handlebars blocks or partials for Handlebars', async () => {
    const [prompt] = await promptsOf('hb.txt', '{{#if a}}yes{{/if}}\n');
    expect(prompt).toEqual({
      kind: 'inline',
      text: '{{#if a}}yes{{/if}}',
      label: 'hb.txt',
      origin: { file: join(dir, 'hb.txt'), line: 1 },
    });
  });
});
