import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { QUICK_CHECK_MAX_BYTES } from '../../src/store/damaged-store.ts';
import { bareEnv } from '../helpers/bare-env.ts';
import { startOpenAIStubServer } from '../helpers/openai-stub-server.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';
import { serve } from '../server/served-project.ts';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

const HELLO = '---\nconfig:\n  temperature: 0.7\n---\nSay hello to {{name}}.\n';

/** `levels` lines of YAML, each anchoring a list of nine aliases of the line before: 9^levels nodes. */
function aliasBomb(levels: number, indent: string): string {
  const lines = [`${indent}l0: &l0 [x, x, x, x, x, x, x, x, x]`];
  for (let level = 1; level < levels; level++) {
    const previous = `*l${level - 1}`;
    lines.push(`${indent}l${level}: &l${level} [${Array(9).fill(previous).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

describe('YAML alias bombs', () => {
  it('a suite whose test variables expand to 9^9 nodes fails at its file:line', async () => {
    project = createTempProject({ 'hello.prompt': HELLO });
    const suite = `prompts: [hello]\nmodels: [echo:default]\ntests:\n  - vars:\n      name: Ada\n${aliasBomb(9, '      ')}`;
    project.write('suite.yaml', suite);
    const result = await runCli(project.root, ['eval', 'suite.yaml', '--dry-run'], bareEnv());
    expect(result.code, result.stderr).toBe(2);
    // The sixth level (9^6 nodes) is the first past the limit; it is on line 11.
    expect(result.stderr).toMatch(/suite\.yaml:11: YAML aliases expand this text past [\d,]+ nodes/);
  });

  it('plume.yaml with a seven-level bomb fails at its file:line, not as an internal error', async () => {
    project = createTempProject({ 'hello.prompt': HELLO }, `prompts: prompts\n${aliasBomb(7, '')}`);
    const result = await runCli(project.root, ['lib', 'list'], bareEnv());
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/plume\.yaml:7: YAML aliases expand/);
  });

  it("a prompt's front matter with a bomb fails at the prompt file's line", async () => {
    const bomb = `---\nmetadata:\n${aliasBomb(7, '  ')}---\nHi {{name}}\n`;
    project = createTempProject({ 'bomb.prompt': bomb });
    const result = await runCli(project.root, ['render', 'bomb', '--var', 'name=Ada'], bareEnv());
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/bomb\.prompt:8: YAML aliases expand/);
  });

  it('an alias inside its own anchor is a structure that never ends, reported at its line', async () => {
    project = createTempProject({ 'hello.prompt': HELLO });
    project.write(
      'suite.yaml',
      'prompts: [hello]\nmodels: [echo:default]\ntests:\n  - vars: &v\n      name: [Ada, *v]\n',
    );
    const result = await runCli(project.root, ['eval', 'suite.yaml', '--dry-run'], bareEnv());
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/suite\.yaml:5: an alias refers to the node that holds it/);
  });

  it('a suite reusing one block of checks in every test reads, and its errors are located', async () => {
    project = createTempProject({ 'hello.prompt': HELLO });
    const first =
      '  - vars: { name: n0 }\n    assert: &checks [{ type: icontains, value: hello }, { type: not-contains, value: bye }]';
    const tests = Array.from(
      { length: 300 },
      (_, index) => `  - vars: { name: n${index + 1} }\n    assert: *checks`,
    );
    const suite = `prompts: [hello]\nmodels: [echo:default]\ntests:\n${[first, ...tests].join('\n')}\n`;
    project.write('suite.yaml', suite);
    const result = await runCli(project.root, ['eval', 'suite.yaml', '--dry-run'], bareEnv());
    expect(result.code, result.stderr).toBe(0);
    // An error is located on the yaml library's Document, which used to refuse an anchor used 100 times.
    project.write('suite.yaml', `${suite}repeat: 2\n`);
    const located = await runCli(project.root, ['eval', 'suite.yaml', '--dry-run'], bareEnv());
    expect(located.code, located.stderr).toBe(2);
    expect(located.stderr).toMatch(/suite\.yaml:606:\d+: \(top level\): unknown key 'repeat'/);
  });
});

describe('template limits', () => {
  const render = (name: string) => runCli(project!.root, ['render', name, '--var', 'a=1'], bareEnv());

  it('5,000 nested blocks fail at the line of the first block past the limit', async () => {
    const body = `${'{{#if a}}\n'.repeat(5000)}x\n${'{{/if}}\n'.repeat(5000)}`;
    project = createTempProject({ 'deep.prompt': `---\ndescription: deep\n---\n${body}` });
    const result = await render('deep');
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/deep\.prompt:104: blocks are nested 5,000 deep; the limit is 100/);
  });

  it('partials that include each other fail at the inclusion that closes the loop', async () => {
    project = createTempProject({
      'main.prompt': 'Start {{> a}}\n',
      '_a.prompt': 'A\n{{> b}}\n',
      '_b.prompt': '---\ndescription: b\n---\nB {{> a}}\n',
    });
    const result = await render('main');
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/_b\.prompt:4: partial 'a' includes itself \(a → b → a\)/);
  });

  it('partials included 25 deep fail past 20 levels', async () => {
    const prompts: Record<string, string> = { 'main.prompt': '{{> p0}}\n' };
    for (let level = 0; level < 25; level++) prompts[`_p${level}.prompt`] = `p${level} {{> p${level + 1}}}\n`;
    project = createTempProject(prompts);
    const result = await render('main');
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/_p19\.prompt:1: partials are included more than 20 deep \(p0 → p1 → /);
  });

  it('a template of 3,000 blocks fails at the line of its 2,001st tag', async () => {
    project = createTempProject({
      'wide.prompt': '{{!-- a comment is no tag --}}\n{{#if a}}y{{/if}}\n'.repeat(3000),
    });
    const result = await render('wide');
    expect(result.code, result.stderr).toBe(2);
    // Two tags a block: tag 2,001 opens the block on the 1,001st pair of lines.
    expect(result.stderr).toMatch(/wide\.prompt:2002: the template holds more than 2,000 \{\{ \}\} tags/);
  });
});

/** Grow a store past the size checked whole at each open, so that damage is found only when read. */
function padPastQuickCheck(file: string): void {
  const padding = new Database(file);
  padding.exec('CREATE TABLE padding (bytes BLOB)');
  const insert = padding.prepare('INSERT INTO padding VALUES (randomblob(4000))');
  padding.transaction(() => {
    for (let row = 0; row < (QUICK_CHECK_MAX_BYTES / 4000) * 1.2; row++) insert.run();
  })();
  padding.close();
}

/** Overwrite the leaf pages that hold a table's rows (the store's other pages stay whole). */
function overwriteLeafPages(file: string, table: string): void {
  const reader = new Database(file, { readonly: true });
  const pages = reader
    .prepare("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'")
    .pluck()
    .all(table) as number[];
  const pageSize = reader.pragma('page_size', { simple: true }) as number;
  reader.close();
  expect(pages.length).toBeGreaterThan(0);
  const bytes = readFileSync(file);
  for (const page of pages) bytes.fill(0xde, (page - 1) * pageSize, page * pageSize);
  writeFileSync(file, bytes);
}

describe('a damaged store', () => {
  const SUITE = "prompts: [hello]\nmodels: ['echo:default']\ntests:\n";
  const storeOf = (root: string) => join(root, '.plume', 'plume.db');
  const damagedRun = async (args: string[]) => {
    const result = await runCli(project!.root, args, bareEnv());
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(`error: ${storeOf(project!.root)}: the store is damaged (`);
    expect(result.stderr).toContain(`hint: move it aside (mv ${storeOf(project!.root)} `);
    return result;
  };

  it('with bytes overwritten mid-file is refused at open, naming the file, and takes no new run', async () => {
    project = createTempProject({ 'hello.prompt': HELLO });
    const tests = Array.from({ length: 300 }, (_, index) => `  - vars: { name: n${index} }`).join('\n');
    project.write('suite.yaml', `${SUITE}${tests}\n`);
    expect((await runCli(project.root, ['eval', 'suite.yaml'], bareEnv())).code).toBe(0);
    const file = storeOf(project.root);
    const bytes = readFileSync(file);
    // Two whole pages from the middle: a page's header is overwritten whatever the store's layout
    // (1 KiB inside a page can fall in its unused space, which no check reads).
    const middle = Math.floor(bytes.length / 2 / 4096) * 4096;
    bytes.fill(0xde, middle, middle + 8192);
    writeFileSync(file, bytes);
    await damagedRun(['runs', 'list']);
    await damagedRun(['eval', 'suite.yaml']);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('too large to be checked at open is reported as damaged when a command reads a damaged page', async () => {
    project = createTempProject({ 'hello.prompt': HELLO });
    const file = storeOf(project.root);
    expect((await runCli(project.root, ['lib', 'list'], bareEnv())).code).toBe(0);
    // Past the size checked whole at each open, with the run's pages written after the padding.
    padPastQuickCheck(file);
    const tests = Array.from({ length: 300 }, (_, index) => `  - vars: { name: n${index} }`).join('\n');
    project.write('suite.yaml', `${SUITE}${tests}\n`);
    const run = JSON.parse((await runCli(project.root, ['eval', 'suite.yaml', '--json'], bareEnv())).stdout);
    expect(statSync(file).size).toBeGreaterThan(QUICK_CHECK_MAX_BYTES);
    // Overwrite the leaf pages that hold the run's cells.
    overwriteLeafPages(file, 'run_cells');
    // The open reads only the header and the schema: the store opens, and what needs no cell works.
    const listed = await runCli(project.root, ['runs', 'list'], bareEnv());
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(run.runId);
    // Reading the cells hits the damage: the store's error and its advice, not a bug nor an unwritable file.
    const exported = await damagedRun(['runs', 'export', run.runId, '-o', 'cells.jsonl']);
    expect(exported.stderr).toContain('database disk image is malformed');
    expect(exported.stderr).not.toContain('internal error');
    expect(existsSync(join(project.root, 'cells.jsonl'))).toBe(false);
    await damagedRun(['eval', 'suite.yaml']);
    const json = await runCli(project.root, ['runs', 'export', run.runId, '--json'], bareEnv());
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'STORE_DAMAGED', category: 'user' });
    // The web app's server: the same error and advice, as a 503, not an internal error.
    const server = await serve(project);
    try {
      const response = await fetch(`${server.url}api/runs/${run.runId}/cells`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as { error: { code: string; message: string; hint: string } };
      expect(body.error.code).toBe('STORE_DAMAGED');
      expect(body.error.hint).toContain('move it aside');
    } finally {
      await server.close();
    }
  }, 60_000);

  it('too large to be checked at open stops a run at a damaged cached answer', async () => {
    const stub = await startOpenAIStubServer();
    try {
      project = createTempProject(
        { 'hello.prompt': HELLO },
        `prompts: prompts\nproviders:\n  stub:\n    type: openai-compatible\n    baseURL: ${stub.baseURL}\n`,
      );
      const file = storeOf(project.root);
      expect((await runCli(project.root, ['lib', 'list'], bareEnv())).code).toBe(0);
      padPastQuickCheck(file);
      const tests = Array.from({ length: 300 }, (_, index) => `  - vars: { name: n${index} }`).join('\n');
      project.write('suite.yaml', `prompts: [hello]\nmodels: ['stub:m']\ntests:\n${tests}\n`);
      expect((await runCli(project.root, ['eval', 'suite.yaml'], bareEnv())).code).toBe(0);
      expect(stub.requests.length).toBe(300);
      overwriteLeafPages(file, 'response_cache');
      // The second run reads its answers from the cache: the damage stops it, it is not a bug
      // recorded in 300 cells.
      const second = await damagedRun(['eval', 'suite.yaml']);
      expect(second.stderr).not.toContain('internal error');
      expect(second.stderr).not.toMatch(/INTERNAL/);
    } finally {
      await stub.close();
    }
  }, 60_000);

  it('of 0 bytes is refused instead of becoming an empty store', async () => {
    project = createTempProject({ 'hello.prompt': HELLO });
    project.write('.plume/plume.db', '');
    const result = await damagedRun(['lib', 'list']);
    expect(result.stderr).toContain('the file is empty, 0 bytes');
    expect(statSync(storeOf(project.root)).size).toBe(0);
  });

  it('that is not a SQLite file at all is refused', async () => {
    project = createTempProject({ 'hello.prompt': HELLO });
    project.write('.plume/plume.db', 'not a database, '.repeat(500));
    await damagedRun(['runs', 'list']);
  });
});

describe('folders that are not there', () => {
  it('-C with a folder that does not exist says so and creates nothing', async () => {
    project = createTempProject({ 'hello.prompt': HELLO });
    const missing = join(project.root, 'typo', 'dir');
    const result = await runCli(project.root, ['-C', missing, 'lib', 'list'], bareEnv());
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(`error: -C ${missing}: the folder does not exist`);
    expect(existsSync(join(project.root, 'typo'))).toBe(false);
  });

  it("a prompts folder in plume.yaml that does not exist is reported at plume.yaml's line", async () => {
    project = createTempProject({ 'hello.prompt': HELLO }, '# the project\nprompts: nowhere\n');
    for (const args of [
      ['lib', 'list'],
      ['render', 'hello'],
    ]) {
      const result = await runCli(project.root, args, bareEnv());
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(
        /plume\.yaml:2:\d+: prompts: the prompts folder 'nowhere' does not exist/,
      );
    }
  });
});
