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
