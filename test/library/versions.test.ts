import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Library } from '../../src/library/library.ts';
import { contentHash } from '../../src/library/normalize-content.ts';
import { openDatabase } from '../../src/store/database.ts';
import { failure, type OpenLibrary, openLibrary } from './library-helpers.ts';

let current: OpenLibrary | undefined;
afterEach(() => current?.done());

const V1 = '---\ndescription: greet\n---\nHello {{name}}\n';
const V2 = '---\ndescription: greet\n---\nHi there, {{name}}\n';
const V3 = '---\ndescription: greet warmly\n---\nHi there, dear {{name}}\n';

describe('versions', () => {
  it('records a version when a prompt is used with new content, once', async () => {
    current = openLibrary({ 'greet.prompt': V1 });
    const first = await current.library.resolve('greet');
    expect(first.version.hash).toBe(contentHash(V1));
    expect(first.version.author).toBe('tester');
    expect(first.version.parentHash).toBeUndefined();
    await current.library.resolve('greet');
    expect(current.library.history('greet').versions).toHaveLength(1);
  });

  it('treats CRLF files as the same version as LF files', async () => {
    current = openLibrary({ 'greet.prompt': V1 });
    const lf = await current.library.resolve('greet');
    current.project.writePrompt('greet.prompt', V1.replace(/\n/g, '\r\n'));
    const crlf = await current.library.resolve('greet');
    expect(crlf.version.hash).toBe(lf.version.hash);
  });

  it('makes the newest earlier version the parent of an edit', async () => {
    current = openLibrary({ 'greet.prompt': V1 });
    const v1 = await current.library.resolve('greet');
    current.project.writePrompt('greet.prompt', V2);
    const v2 = await current.library.resolve('greet');
    expect(v2.version.parentHash).toBe(v1.version.hash);
    const history = current.reopen().history('greet');
    expect(history.versions.map((version) => version.hash)).toEqual([v2.version.hash, v1.version.hash]);
  });

  it('saves content with an explicit parent and metadata, without touching the file', async () => {
    current = openLibrary({ 'greet.prompt': V1 });
    const start = await current.library.resolve('greet');
    const saved = await current.library.save({
      name: 'greet',
      content: V3,
      parent: `greet@${start.version.hash.slice(0, 7)}`,
      message: 'optimizer candidate',
      metadata: { strategy: 'rewrite', score: 0.8 },
    });
    expect(saved.created).toBe(true);
    expect(saved.version.parentHash).toBe(start.version.hash);
    const stored = current.reopen().lookup(`greet@${saved.version.hash.slice(0, 10)}`);
    expect(stored.version.metadata).toEqual({ strategy: 'rewrite', score: 0.8 });
    expect(stored.version.message).toBe('optimizer candidate');
    expect((await current.library.resolve('greet')).version.hash).toBe(start.version.hash);
  });

  it('gives an automatic record the message of a later explicit save, keeping its hash', async () => {
    current = openLibrary({ 'greet.prompt': V1 });
    const used = await current.library.resolve('greet');
    const saved = await current.library.save({ name: 'greet', message: 'first draft', author: 'ada' });
    expect(saved.created).toBe(false);
    expect(saved.version.hash).toBe(used.version.hash);
    const [entry] = current.library.history('greet').versions;
    expect(entry).toMatchObject({ message: 'first draft', author: 'ada', automatic: false });
  });

  it('refuses to save a prompt that does not compile', async () => {
    current = openLibrary({ 'bad.prompt': 'x {{#if y}}\n' });
    const error = await failure(() => current!.library.save({ name: 'bad', message: 'm' }));
    expect(error.code).toBe('PROMPT_INVALID');
    expect(current.library.list().prompts.find((prompt) => prompt.name === 'bad')).toMatchObject({
      versions: 0,
      recorded: false,
    });
  });

  it('resolves name@hash-prefix, and refuses short, unknown and ambiguous prefixes', async () => {
    current = openLibrary({ 'greet.prompt': V1 });
    const v1 = await current.library.resolve('greet');
    const byPrefix = await current.library.resolve(`greet@${v1.version.hash.slice(0, 7)}`);
    expect(byPrefix.version.hash).toBe(v1.version.hash);
    expect((await failure(() => current!.library.resolve('greet@0000000'))).code).toBe('VERSION_NOT_FOUND');
    expect((await failure(() => current!.library.resolve('greet@abc'))).code).toBe('LABEL_NOT_FOUND');
    expect((await failure(() => current!.library.resolve('missing'))).code).toBe('PROMPT_NOT_FOUND');
  });

  it('resolves a file path outside the library without recording it', async () => {
    current = openLibrary({});
    const path = current.project.write('scratch/try.prompt', 'Try {{x}}\n');
    const resolved = await current.library.resolve(path);
    expect(resolved.name).toBe('try');
    expect(resolved.filePath).toBe(path);
    expect((await resolved.render({ x: 'it' })).messages).toEqual([{ role: 'user', content: 'Try it' }]);
    expect(current.library.list().prompts).toHaveLength(0);
  });

  it('resolves a path inside the prompts folder as the named prompt', async () => {
    current = openLibrary({ 'team/greet.prompt': V1 });
    const resolved = await current.library.resolve('prompts/team/greet.prompt');
    expect(resolved.name).toBe('team/greet');
    expect(current.library.history('team/greet').versions).toHaveLength(1);
  });

  it('serves the newest version of a prompt whose file is gone', async () => {
    current = openLibrary({ 'greet.prompt': V1 });
    const saved = await current.library.save({ name: 'greet', content: V2, message: 'new wording' });
    rmSync(join(current.project.promptsDir, 'greet.prompt'));
    const resolved = await current.library.resolve('greet');
    expect(resolved.version.hash).toBe(saved.version.hash);
    expect(resolved.filePath).toBeUndefined();
  });
});

describe('a library on a shared store', () => {
  it('records its versions in the store it was given and leaves that store open', async () => {
    current = openLibrary({ 'greet.prompt': V1 });
    const db = openDatabase(current.project.project().storePath);
    try {
      const shared = Library.open(current.project.project(), { cwd: current.project.root, db });
      const resolved = await shared.resolve('greet');
      shared.close();
      expect(db.open).toBe(true);
      const stored = db.prepare('SELECT hash FROM prompt_versions WHERE name = ?').pluck().all('greet');
      expect(stored).toEqual([resolved.version.hash]);
    } finally {
      db.close();
    }
  });
});
