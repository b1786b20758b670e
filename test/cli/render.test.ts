import { afterEach, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

const ENV = { PLUME_AUTHOR: 'tester' };
const GREET = `---
model: openai:gpt-4o-mini
config:
  temperature: 0.3
input:
  schema:
    name: string
    count?: integer
---
{{role "system"}}
Be kind.
{{role "user"}}
Greet {{name}}{{#if count}} {{count}} times{{/if}}.
`;

describe('plume render', () => {
  it('prints the messages a prompt produces, with its model and settings', async () => {
    project = createTempProject({ 'greet.prompt': GREET });
    const result = await runCli(project.root, ['render', 'greet', '--var', 'name=Ada'], ENV);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^greet@[0-9a-f]{7} {2}openai:gpt-4o-mini {2}temperature=0\.3/);
    expect(result.stdout).toContain('── system ──\nBe kind.');
    expect(result.stdout).toContain('── user ──\nGreet Ada.');
  });

  it('reads typed variables from a file, and prints JSON with --json', async () => {
    project = createTempProject({ 'greet.prompt': GREET });
    project.write('vars.yaml', 'name: Bob\ncount: 2\n');
    const result = await runCli(project.root, ['render', 'greet', '--vars', 'vars.yaml', '--json'], ENV);
    const data = JSON.parse(result.stdout) as {
      prompt: string;
      version: string;
      messages: unknown[];
      sent: unknown[];
      params: unknown;
      config: unknown;
      model: string;
    };
    expect(data.prompt).toBe('greet');
    expect(data.version).toMatch(/^[0-9a-f]{64}$/);
    // As Dotprompt renders them, whitespace kept; and as a model is sent them.
    expect(data.messages).toEqual([
      { role: 'system', content: [{ text: '\nBe kind.\n' }] },
      { role: 'user', content: [{ text: '\nGreet Bob 2 times.' }] },
    ]);
    expect(data.sent).toEqual([
      { role: 'system', content: 'Be kind.' },
      { role: 'user', content: 'Greet Bob 2 times.' },
    ]);
    expect(data.params).toEqual({ temperature: 0.3 });
    expect(data.config).toEqual({ temperature: 0.3 });
    expect(data.model).toBe('openai:gpt-4o-mini');
  });

  it('names the missing variables, with exit code 2', async () => {
    project = createTempProject({ 'greet.prompt': GREET });
    const result = await runCli(project.root, ['render', 'greet'], ENV);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("needs the variable 'name'");
    expect(result.stderr).toContain('--var name=');
  });

  it('renders a file given by path, relative to the working folder', async () => {
    project = createTempProject({});
    project.write('drafts/q.md', 'Explain {{topic}} simply.\n');
    const result = await runCli(
      project.root,
      ['-C', 'drafts', 'render', 'q.md', '--var', 'topic=tides'],
      ENV,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('── user ──\nExplain tides simply.');
  });
});

describe('the plume executable, on a broken prompt', () => {
  it('exits with 2 and shows file:line and a hint, without a stack trace', () => {
    project = createTempProject({ 'bad.prompt': '---\ndescription: d\ntags: solo\n---\nHi\n' });
    const result = spawnCli(project.root, ['render', 'bad'], ENV);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/prompts\/bad\.prompt:3(:\d+)?: front matter tags: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });

  it('renders a setting plume does not know, warning at its line with the key it probably meant', () => {
    project = createTempProject({
      'odd.prompt': '---\ndescription: d\nconfig:\n  temprature: 0.2\n---\nHi\n',
    });
    const result = spawnCli(project.root, ['render', 'odd'], ENV);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /prompts\/odd\.prompt:4: front matter config\.temprature: plume does not send/,
    );
    expect(result.stderr).toContain("did you mean 'temperature'?");
    expect(result.stdout).toContain('── user ──\nHi');
  });
});

const TYPED = `---
input:
  schema:
    name: string
    count?: integer
    loud?: boolean
    tone?(enum): [warm, dry]
    tags?(array): string
    user?(object):
      age: number
---
{{name}}{{#if loud}}!{{/if}} {{count}} {{tone}} {{#each tags}}[{{this}}]{{/each}} {{user.age}}
`;

describe('plume render: variables read by the input schema', () => {
  const render = (...vars: string[]) =>
    runCli(project!.root, ['render', 'typed', '--json', ...vars.flatMap((value) => ['--var', value])], ENV);

  it('reads each --var as the type its field says', async () => {
    project = createTempProject({ 'typed.prompt': TYPED });
    const result = await render(
      'name=Ada',
      'count=3',
      'loud=false',
      'tone=dry',
      'tags=["a","b"]',
      'user={"age":36}',
    );
    expect(result.code, result.stderr).toBe(0);
    // "false" is false: no "!".
    expect(JSON.parse(result.stdout).sent).toEqual([{ role: 'user', content: 'Ada 3 dry [a][b] 36' }]);
  });

  it.each([
    ['count=abc', "variable 'count' must be integer", 5],
    ['loud=yes', "variable 'loud' must be boolean", 6],
    ['tone=sweet', "variable 'tone' must be one of", 7],
    ['user={"age":"old"}', "variable 'user.age' must be number", 10],
    ['user={}', "variable 'user.age' is required", 10],
  ])('refuses %s at the line of its schema field, with exit code 2', async (pair, message, line) => {
    project = createTempProject({ 'typed.prompt': TYPED });
    const result = await runCli(project.root, ['render', 'typed', '--var', 'name=Ada', '--var', pair], ENV);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toMatch(new RegExp(`prompts/typed\\.prompt:${line}(:\\d+)?: `));
  });
});

describe('plume render: context variables and history', () => {
  it('passes --context-var (dotted keys nest, JSON values typed) and a --context file as @variables', async () => {
    project = createTempProject({ 'ctx.prompt': 'Hi {{@auth.email}} ({{@state.count}}, {{@user.role}})\n' });
    project.write('context.yaml', 'user:\n  role: admin\n');
    const result = await runCli(
      project.root,
      [
        'render',
        'ctx',
        '--json',
        '--context',
        'context.yaml',
        '--context-var',
        'auth.email=a@b.c',
        '--context-var',
        'state={"count":4}',
      ],
      ENV,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).messages).toEqual([
      { role: 'user', content: [{ text: 'Hi a@b.c (4, admin)\n' }] },
    ]);
  });

  it('places --history turns at {{history}}, marked as history', async () => {
    project = createTempProject({
      'chat.prompt': '{{role "system"}}Be brief.\n{{history}}\n{{role "user"}}{{q}}\n',
    });
    project.write(
      'history.json',
      JSON.stringify([
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Hi!' },
      ]),
    );
    const result = await runCli(
      project.root,
      ['render', 'chat', '--json', '--var', 'q=Why?', '--history', 'history.json'],
      ENV,
    );
    expect(result.code, result.stderr).toBe(0);
    const data = JSON.parse(result.stdout);
    expect(
      data.messages.map((message: { role: string; metadata?: unknown }) => [message.role, message.metadata]),
    ).toEqual([
      ['system', undefined],
      ['user', { purpose: 'history' }],
      ['model', { purpose: 'history' }],
      ['user', undefined],
    ]);
    expect(data.sent.map((message: { role: string }) => message.role)).toEqual([
      'system',
      'user',
      'assistant',
      'user',
    ]);
  });

  it('refuses a history file with a wrong role at its line', async () => {
    project = createTempProject({ 'chat.prompt': 'Hi\n' });
    project.write('history.yaml', '- role: user\n  content: Hello\n- role: robot\n  content: Beep\n');
    const result = await runCli(project.root, ['render', 'chat', '--history', 'history.yaml'], ENV);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/history\.yaml:3(:\d+)?: .*role/);
  });

  it('shows media and a tool message, and says they cannot be sent to a model', async () => {
    project = createTempProject({ 'see.prompt': 'Look: {{media url=url}}\n{{role "tool"}}done\n' });
    const result = await runCli(
      project.root,
      ['render', 'see', '--json', '--var', 'url=http://a/b.png'],
      ENV,
    );
    expect(result.code, result.stderr).toBe(0);
    const data = JSON.parse(result.stdout);
    // A part of blank text is none, as Dotprompt has it.
    expect(data.messages[0].content).toEqual([{ text: 'Look: ' }, { media: { url: 'http://a/b.png' } }]);
    expect(data.messages[1].role).toBe('tool');
    expect(data.sent).toBeUndefined();
    expect(data.unsendable).toContain('media part');
    const human = await runCli(project.root, ['render', 'see', '--var', 'url=http://a/b.png'], ENV);
    expect(human.stdout).toContain('[media http://a/b.png]');
    expect(human.stdout).toContain('── tool ──\ndone');
  });
});
