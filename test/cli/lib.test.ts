import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

const ENV = { PLUME_AUTHOR: 'tester' };
const lib = (args: string[]) => runCli(project!.root, ['lib', ...args], ENV);
const json = async <T>(args: string[]): Promise<T> => {
  const result = await lib([...args, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
};

const PROMPTS = {
  'haiku.prompt':
    '---\ndescription: A haiku\ntags: [poetry]\nconfig:\n  temperature: 0.8\n---\nWrite a haiku about {{topic}}.\n',
  'support/triage.prompt': '---\ndescription: Route a ticket\n---\nWhich team handles this ticket?\n',
};

describe('plume lib', () => {
  it('lists prompts in aligned columns, marking unrecorded edits', async () => {
    project = createTempProject(PROMPTS);
    await runCli(project.root, ['render', 'haiku', '--var', 'topic=x'], ENV);
    const result = await lib(['list']);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^NAME\s+HASH\s+VERSIONS\s+LABELS\s+TAGS\s+DESCRIPTION$/);
    expect(lines[1]).toMatch(/^haiku\s+[0-9a-f]{7} \s+1\s+poetry\s+A haiku$/);
    expect(lines[2]).toMatch(/^support\/triage\s+[0-9a-f]{7}\*\s+0\s+Route a ticket$/);
    expect(lines[1]!.indexOf('A haiku')).toBe(lines[2]!.indexOf('Route a ticket'));
  });

  it('saves versions with a message, shows history, labels, rolls back and diffs', async () => {
    project = createTempProject(PROMPTS);
    const first = await json<{ name: string; hash: string; created: boolean }[]>(['save', '-m', 'first']);
    expect(first.map((entry) => [entry.name, entry.created])).toEqual([
      ['haiku', true],
      ['support/triage', true],
    ]);
    await lib(['label', 'haiku', 'production']);
    project.writePrompt(
      'haiku.prompt',
      PROMPTS['haiku.prompt'].replace('0.8', '0.2').replace('haiku about', 'short haiku about'),
    );
    await lib(['save', 'haiku', '-m', 'cooler and shorter', '--author', 'ada']);
    const moved = await lib(['label', 'haiku', 'production', 'haiku']);
    expect(moved.stdout).toMatch(/^haiku@production → [0-9a-f]{7} \(was [0-9a-f]{7}\)/);

    const history = await lib(['history', 'haiku']);
    expect(history.stdout).toMatch(
      /^[0-9a-f]{7} {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}ada\s+cooler and shorter {2}\[production\]/,
    );
    expect(history.stdout).toContain('label moves:');

    const rollback = await lib(['label', 'haiku', 'production', '--rollback']);
    expect(rollback.stdout).toContain('rolled back');
    const show = await json<{ version: { hash: string; message: string } }>(['show', 'haiku@production']);
    expect(show.version.message).toBe('first');

    const diff = await lib(['diff', 'haiku@production', 'haiku']);
    expect(diff.stdout).toContain('~ config.temperature: 0.8 → 0.2');
    expect(diff.stdout).toContain('-Write a haiku about {{topic}}.\n+Write a short haiku about {{topic}}.');
  });

  it('tags and searches prompts', async () => {
    project = createTempProject(PROMPTS);
    expect((await lib(['tag', 'support/triage', 'ops', 'fr'])).stdout).toBe('support/triage: fr, ops\n');
    const hits = await json<{ name: string; snippet: string }[]>(['search', 'ops']);
    expect(hits.map((hit) => hit.name)).toEqual(['support/triage']);
    const text = await lib(['search', 'ticket']);
    expect(text.stdout).toMatch(/^support\/triage\s+.*\[ticket\]/);
    expect((await lib(['tag', 'support/triage', 'ops', '--remove'])).stdout).toBe('support/triage: fr\n');
  });

  it('imports a Prompty file, exports a version to a file, and shows lineage', async () => {
    project = createTempProject(PROMPTS);
    project.write(
      'legacy/ask.prompty',
      '---\nname: Ask\nsample:\n  question: why?\n---\nsystem:\nBe brief.\nuser:\n{{ question }}\n',
    );
    const imported = await lib(['import', 'legacy/ask.prompty']);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^imported ask → prompts\/ask\.prompt \([0-9a-f]{7}\)/);
    const exported = await lib(['export', 'ask', '-o', 'out.prompt']);
    expect(exported.code).toBe(0);
    expect(readFileSync(join(project.root, 'out.prompt'), 'utf8')).toContain('{{role "system"}}\nBe brief.');
    const stdout = await lib(['export', 'ask']);
    expect(stdout.stdout).toContain('{{question}}');

    const first = (await json<{ hash: string }[]>(['save', 'ask', '-m', 'v1']))[0]!.hash;
    project.writePrompt(
      'ask.prompt',
      readFileSync(join(project.promptsDir, 'ask.prompt'), 'utf8').replace('brief', 'terse'),
    );
    await lib(['save', 'ask', '-m', 'terser']);
    const lineage = await lib(['lineage', `ask@${first.slice(0, 7)}`]);
    expect(lineage.stdout).toMatch(
      /^ask@[0-9a-f]{7} {2}imported from ask\.prompty {2}◀\n {2}ask@[0-9a-f]{7} {2}terser\n$/,
    );
  });

  it('reports unknown prompts, versions and labels as user errors with hints', async () => {
    project = createTempProject(PROMPTS);
    const missing = await lib(['show', 'nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no prompt named 'nope'");
    const label = await lib(['show', 'haiku@staging']);
    expect(label.stderr).toMatch(
      /no label 'staging'[\s\S]*hint: set one with `plume lib label haiku staging`/,
    );
    const json = await lib(['show', 'haiku@0000000', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'VERSION_NOT_FOUND', category: 'user' } });
  });
});

describe('the plume executable, lib', () => {
  it('exits with 2 on an import error and points at the source line, without a stack trace', () => {
    project = createTempProject({});
    project.write('loop.prompty', '---\ndescription: d\n---\nuser:\n{% for x in xs %}{{x}}{% endfor %}\n');
    const result = spawnCli(project.root, ['lib', 'import', 'loop.prompty'], ENV);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/loop\.prompty:5:1: Jinja statements/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
