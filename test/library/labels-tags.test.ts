import { afterEach, describe, expect, it } from 'vitest';
import { failure, type OpenLibrary, openLibrary } from './library-helpers.ts';

let current: OpenLibrary | undefined;
afterEach(() => current?.done());

/** A library whose prompt `p` has three versions, oldest first. */
async function threeVersions(): Promise<string[]> {
  current = openLibrary({ 'p.prompt': 'one\n' });
  const hashes: string[] = [];
  for (const text of ['one\n', 'two\n', 'three\n']) {
    current.project.writePrompt('p.prompt', text);
    hashes.push((await current.library.resolve('p')).version.hash);
  }
  return hashes;
}

describe('labels', () => {
  it('points a label at the current file by default, and at a hash prefix or another label', async () => {
    const [one, two, three] = await threeVersions();
    expect((await current!.library.label('p', 'production')).hash).toBe(three);
    expect((await current!.library.label('p', 'staging', one!.slice(0, 8))).hash).toBe(one);
    expect((await current!.library.label('p', 'production', 'staging')).hash).toBe(one);
    expect((await current!.library.resolve('p@production')).version.hash).toBe(one);
    expect(two).toBeDefined();
  });

  it('records no move when the label already points at the version', async () => {
    const [, , three] = await threeVersions();
    await current!.library.label('p', 'production');
    const again = await current!.library.label('p', 'production', three!.slice(0, 7));
    expect(again.move).toBeUndefined();
    expect(current!.library.labelMoves('p', 'production')).toHaveLength(1);
  });

  it('rolls back step by step through the history of moves, keeping every move', async () => {
    const [one, two, three] = await threeVersions();
    for (const hash of [one!, two!, three!])
      await current!.library.label('p', 'production', hash.slice(0, 7));
    expect(current!.library.rollback('p', 'production').hash).toBe(two);
    expect(current!.library.rollback('p', 'production').hash).toBe(one);
    const error = await failure(() => current!.library.rollback('p', 'production'));
    expect(error.message).toContain('no earlier version');
    const moves = current!.reopen().labelMoves('p', 'production');
    expect(moves.map((move) => [move.toHash, move.rollback])).toEqual([
      [one, false],
      [two, false],
      [three, false],
      [two, true],
      [one, true],
    ]);
  });

  it('records the current file when it is labelled before being used', async () => {
    current = openLibrary({ 'p.prompt': 'fresh\n' });
    const result = await current.library.label('p', 'staging');
    expect(current.library.history('p').versions.map((version) => version.hash)).toEqual([result.hash]);
  });

  it('refuses labels that look like hashes, and unknown labels', async () => {
    await threeVersions();
    expect((await failure(() => current!.library.label('p', 'deadbeef'))).code).toBe('USAGE');
    expect((await failure(() => current!.library.rollback('p', 'nope'))).code).toBe('LABEL_NOT_FOUND');
    expect((await failure(() => current!.library.resolve('p@nope'))).hint).toBeDefined();
  });
});

describe('tags', () => {
  it('adds and removes tags, which show in the listing beside front matter tags', async () => {
    current = openLibrary({ 'p.prompt': '---\ntags: [written]\n---\nbody\n' });
    expect(current.library.tag('p', ['support', 'fr'])).toEqual(['fr', 'support']);
    expect(current.library.untag('p', ['fr'])).toEqual(['support']);
    const [summary] = current.library.list().prompts;
    expect(summary!.tags).toEqual(['written', 'support']);
  });

  it('refuses tags of unknown prompts and tags with spaces', async () => {
    current = openLibrary({ 'p.prompt': 'body\n' });
    expect((await failure(() => current!.library.tag('nope', ['x']))).code).toBe('PROMPT_NOT_FOUND');
    expect((await failure(() => current!.library.tag('p', ['two words']))).code).toBe('USAGE');
  });
});
