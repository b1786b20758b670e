import { afterEach, describe, expect, it } from 'vitest';
import { Library } from '../../src/library/library.ts';
import { isPlumeError, type PlumeError } from '../../src/util/errors.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

const opened: { project: TempProject; library: Library }[] = [];

function open(prompts: Record<string, string>): Library {
  const project = createTempProject(prompts);
  const library = Library.open(project.project(), { env: { PLUME_AUTHOR: 'tester' } });
  opened.push({ project, library });
  return library;
}

async function failure(work: Promise<unknown>): Promise<PlumeError> {
  try {
    await work;
  } catch (error) {
    if (isPlumeError(error)) return error;
    throw error;
  }
  throw new Error('expected a PlumeError');
}

afterEach(() => {
  for (const { project, library } of opened.splice(0)) {
    library.close();
    project.cleanup();
  }
});

const CHAT = `---
model: openai:gpt-4o-mini
config:
  temperature: 0.2
input:
  schema:
    question: string, what the user asks
    tone?: string
  default:
    tone: friendly
output:
  format: json
  schema:
    answer: string
---
{{role "system"}}
You are {{tone}}. {{> rules}}
{{history}}
{{role "user"}}
{{question}}
`;

describe('rendering a prompt', () => {
  it('produces messages by role, with defaults, partials and settings', async () => {
    const library = open({ 'chat.prompt': CHAT, '_rules.prompt': 'Be brief.\n' });
    const resolved = await library.resolve('chat');
    const rendered = await resolved.render({ question: 'Why is the sky blue?' });
    expect(rendered.messages).toEqual([
      { role: 'system', content: 'You are friendly. Be brief.' },
      { role: 'user', content: 'Why is the sky blue?' },
    ]);
    expect(rendered.model).toBe('openai:gpt-4o-mini');
    expect(rendered.params).toEqual({ temperature: 0.2 });
    expect(rendered.outputSchema).toMatchObject({ type: 'object', required: ['answer'] });
    expect(resolved.inputSchema).toMatchObject({ required: ['question'] });
  });

  it('places earlier turns where the template says {{history}}', async () => {
    const library = open({ 'chat.prompt': CHAT, '_rules.prompt': 'Be brief.' });
    const resolved = await library.resolve('chat');
    const rendered = await resolved.render(
      { question: 'And at night?' },
      {
        history: [
          { role: 'user', content: 'Why is the sky blue?' },
          { role: 'assistant', content: 'Scattering.' },
        ],
      },
    );
    expect(rendered.messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(rendered.messages[2]!.content).toBe('Scattering.');
  });

  it('names every missing required variable', async () => {
    const library = open({
      'two.prompt': '---\ninput:\n  schema:\n    a: string\n    b: integer\n---\n{{a}} {{b}}\n',
    });
    const resolved = await library.resolve('two');
    const error = await failure(resolved.render({ b: null }));
    expect(error.code).toBe('VARIABLE_MISSING');
    expect(error.message).toContain("'a', 'b'");
    await expect(resolved.render({ a: 'x', b: 2 })).resolves.toMatchObject({
      messages: [{ content: 'x 2' }],
    });
  });

  it('uses the json and ifEquals helpers and partials in subfolders', async () => {
    const library = open({
      'help.prompt': '{{#ifEquals kind "list"}}{{json items}}{{else}}none{{/ifEquals}} {{> common/sign}}\n',
      'common/_sign.prompt': '---\ndescription: a signature\n---\n-- plume\n',
    });
    const resolved = await library.resolve('help');
    expect((await resolved.render({ kind: 'list', items: [1, 2] })).messages[0]!.content).toBe(
      '[1,2] -- plume',
    );
    expect((await resolved.render({ kind: 'other' })).messages[0]!.content).toBe('none -- plume');
  });

  it('keeps the partials of two projects apart even when they share a name', async () => {
    const first = open({ 'p.prompt': '{{> style}}\n', '_style.prompt': 'FIRST' });
    const second = open({ 'p.prompt': '{{> style}}\n', '_style.prompt': 'SECOND' });
    const a = await (await first.resolve('p')).render({});
    const b = await (await second.resolve('p')).render({});
    expect(a.messages[0]!.content).toBe('FIRST');
    expect(b.messages[0]!.content).toBe('SECOND');
  });
});

describe('template errors', () => {
  it('reports a Handlebars syntax error at its line in the file, without the prompt text', async () => {
    const library = open({ 'bad.prompt': '---\ndescription: d\n---\nline one\nsecret words {{ oops\n' });
    const error = await failure(library.resolve('bad'));
    expect(error.code).toBe('PROMPT_INVALID');
    expect(error.location?.line).toBe(5);
    expect(error.location?.file).toMatch(/bad\.prompt$/);
    expect(error.describe()).not.toContain('secret words');
  });

  it('reports a block closed by the wrong tag and an unknown helper', async () => {
    const library = open({
      'block.prompt': 'a\n{{#if x}}\nb\n{{/each}}\n',
      'helper.prompt': '---\ndescription: d\n---\n\n{{shout name}}\n',
    });
    const block = await failure(library.resolve('block'));
    expect(block.message).toContain('{{/each}} closes {{#if}}');
    expect(block.location?.line).toBe(2);
    const helper = await failure(library.resolve('helper'));
    expect(helper.message).toContain("unknown helper 'shout'");
    expect(helper.location?.line).toBe(5);
  });

  it('reports a missing partial at the line that uses it, naming the file to create', async () => {
    const library = open({ 'p.prompt': '---\ndescription: d\n---\nHello\n{{> common/footer}}\n' });
    const error = await failure(library.resolve('p'));
    expect(error.message).toContain("partial 'common/footer' not found");
    expect(error.location?.line).toBe(5);
    expect(error.hint).toContain('common/_footer.prompt');
  });

  it('reports a role Dotprompt has not at the line of its {{role}}, before anything renders', async () => {
    const library = open({
      'p.prompt': '---\ndescription: d\n---\n{{role "system"}}\nBe brief.\n{{ role \'wizard\' }}\nHi\n',
    });
    const error = await failure(library.resolve('p'));
    expect(error.message).toBe("role 'wizard' is not a Dotprompt role");
    expect(error.location).toMatchObject({ file: expect.stringMatching(/p\.prompt$/), line: 6 });
    expect(error.hint).toContain('{{role "user"}}');
  });

  it('reports an unknown Picoschema type at the line of its field', async () => {
    const library = open({
      'p.prompt': '---\ninput:\n  schema:\n    name: string\n    age: integr\n---\n{{name}}\n',
    });
    const error = await failure(library.resolve('p'));
    expect(error.message).toContain('input.schema.age');
    expect(error.location?.line).toBe(5);
  });

  it('does not record a version of a broken prompt', async () => {
    const library = open({ 'bad.prompt': 'x {{ oops\n' });
    await failure(library.resolve('bad'));
    expect(library.list().prompts.find((prompt) => prompt.name === 'bad')?.versions ?? 0).toBe(0);
  });
});
