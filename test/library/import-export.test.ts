import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { convertToPrompt } from '../../src/library/convert-prompt.ts';
import { parsePromptDocument } from '../../src/library/prompt-document.ts';
import { failure, type OpenLibrary, openLibrary } from './library-helpers.ts';

let current: OpenLibrary | undefined;
afterEach(() => current?.done());

const PROMPTY = `---
name: Basic Prompt
description: Answers questions briefly
authors: [Seth]
model:
  api: chat
  configuration:
    type: azure_openai
    azure_deployment: gpt-4o
  parameters:
    max_tokens: 128
    temperature: 0.2
    stop: END
    response_format: { type: text }
inputs:
  question:
    type: string
    description: the question
  style:
    type: string
    default: plain
sample:
  question: Who are you?
---
system:
You answer in a {{ style }} style.

user:
{{ question }}
`;

describe('converting Prompty', () => {
  it('maps the model, parameters, inputs and roles onto a .prompt file', () => {
    const converted = convertToPrompt(PROMPTY, 'basic.prompty');
    const document = parsePromptDocument(converted.content, 'basic.prompt');
    expect(document.model).toBe('openai:gpt-4o');
    expect(document.params).toEqual({ maxTokens: 128, temperature: 0.2, stop: ['END'] });
    expect(document.frontMatter.description).toBe('Answers questions briefly');
    expect(document.frontMatter.input).toEqual({
      schema: { question: 'string, the question', 'style?': 'string' },
      default: { style: 'plain' },
    });
    expect(document.frontMatter.metadata).toEqual({
      prompty: { name: 'Basic Prompt', authors: ['Seth'], sample: { question: 'Who are you?' } },
    });
    expect(document.body).toBe(
      '{{role "system"}}\nYou answer in a {{style}} style.\n\n{{role "user"}}\n{{question}}\n',
    );
    expect(converted.dropped).toEqual(['model.parameters.response_format']);
  });

  it('reads Prompty 2 inputs (a list) and model ids', () => {
    const text =
      '---\nmodel:\n  id: gpt-4o-mini\n  provider: openai\ninputs:\n  - name: who\n    kind: string\n    default: World\n---\nuser:\nSay hello to {{who}}.\n';
    const document = parsePromptDocument(convertToPrompt(text, 'g.prompty').content, 'g.prompt');
    expect(document.model).toBe('openai:gpt-4o-mini');
    expect(document.frontMatter.input).toEqual({ schema: { 'who?': 'string' }, default: { who: 'World' } });
  });

  it('reports a Jinja statement at its line in the Prompty file', async () => {
    const text = '---\ndescription: d\n---\nuser:\n{% for x in items %}\n{{x}}\n{% endfor %}\n';
    const error = await failure(() => convertToPrompt(text, 'loop.prompty'));
    expect(error.code).toBe('IMPORT_INVALID');
    expect(error.location).toMatchObject({ file: 'loop.prompty', line: 5 });
  });
});

describe('converting text and markdown', () => {
  it('makes one user message whose placeholders are the input schema', () => {
    const converted = convertToPrompt(
      '# Cold email\nWrite to {{ name }} about {{product.title}}.\n',
      'email.md',
    );
    const document = parsePromptDocument(converted.content, 'email.prompt');
    expect(document.frontMatter.description).toBe('Cold email');
    expect(document.frontMatter.input?.schema).toEqual({ name: 'string', product: 'any' });
    expect(document.body).toContain('Write to {{name}} about {{product.title}}.');
  });

  it('keeps a text that starts with --- as body, not front matter', () => {
    const converted = convertToPrompt('---\nnot yaml: [\n', 'rule.txt');
    expect(parsePromptDocument(converted.content, 'rule.prompt').body).toBe('---\nnot yaml: [\n');
  });
});

describe('import and export', () => {
  it('writes the .prompt file, records a version and renders like the source', async () => {
    current = openLibrary({});
    const source = current.project.write('incoming/basic.prompty', PROMPTY);
    const result = await current.library.import(source, { message: 'from the old repo' });
    expect(result.name).toBe('basic');
    expect(readFileSync(result.filePath, 'utf8')).toContain('model: openai:gpt-4o');
    expect(current.library.history('basic').versions[0]).toMatchObject({
      message: 'from the old repo',
      automatic: false,
    });
    const rendered = await (await current.library.resolve('basic')).render({ question: 'Why?' });
    expect(rendered.messages).toEqual([
      { role: 'system', content: 'You answer in a plain style.' },
      { role: 'user', content: 'Why?' },
    ]);
  });

  it('refuses to overwrite another prompt without force, and imports under --name', async () => {
    current = openLibrary({ 'note.prompt': 'existing\n' });
    const source = current.project.write('note.txt', 'Remember {{thing}}.\n');
    expect((await failure(() => current!.library.import(source))).hint).toContain('--name');
    expect((await current.library.import(source, { name: 'notes/remember' })).filePath).toMatch(
      /notes\/remember\.prompt$/,
    );
    expect((await current.library.import(source, { force: true })).name).toBe('note');
  });

  it('points a template error in an imported file at the line of the source', async () => {
    current = openLibrary({});
    const source = current.project.write('bad.md', '# Title\nsecond {{/if}} line\nthird\n');
    const error = await failure(() => current!.library.import(source));
    expect(error.code).toBe('IMPORT_INVALID');
    expect(error.location?.file).toBe(source);
    expect(error.location?.line).toBe(2);
  });

  it('resolves a .prompty or .txt path directly, without importing it', async () => {
    current = openLibrary({});
    const source = current.project.write('q.txt', 'Question: {{q}}\n');
    const resolved = await current.library.resolve('q.txt');
    expect((await resolved.render({ q: 'why' })).messages).toEqual([
      { role: 'user', content: 'Question: why' },
    ]);
    expect(resolved.filePath).toBe(source);
  });

  it('exports any version as its .prompt text', async () => {
    current = openLibrary({ 'p.prompt': 'v1\n' });
    const v1 = (await current.library.resolve('p')).version;
    current.project.writePrompt('p.prompt', 'v2\n');
    await current.library.resolve('p');
    expect(current.library.export(`p@${v1.hash.slice(0, 7)}`)).toEqual({
      name: 'p',
      hash: v1.hash,
      content: 'v1\n',
    });
  });
});
