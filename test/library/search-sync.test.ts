import { rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toMatchExpression } from '../../src/store/prompt-search-store.ts';
import { type OpenLibrary, openLibrary } from './library-helpers.ts';

let current: OpenLibrary | undefined;
afterEach(() => current?.done());

const PROMPTS = {
  'summarize.prompt':
    '---\ndescription: Summarize an article\ntags: [newsletter]\n---\nCondense the text into bullet points.\n',
  'support/triage.prompt':
    '---\ndescription: Route a ticket\n---\nDecide which team handles the ticket. Summaries help.\n',
  'haiku.prompt': '---\ndescription: A poem\n---\nWrite a haiku about {{topic}}.\n',
  '_partial.prompt': 'summarize everything\n',
};

describe('full-text search', () => {
  it('ranks a match in the name above a match in a body, and shows a snippet', () => {
    current = openLibrary(PROMPTS);
    const hits = current.library.search('summar');
    expect(hits.map((hit) => hit.name)).toEqual(['summarize', 'support/triage']);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(hits[1]!.snippet).toContain('[Summaries]');
    expect(hits[0]!.description).toBe('Summarize an article');
  });

  it('finds prompts by tag, by a word of their folder, and needs every word to match', async () => {
    current = openLibrary(PROMPTS);
    expect(current.library.search('newsletter').map((hit) => hit.name)).toEqual(['summarize']);
    expect(current.library.search('support').map((hit) => hit.name)).toEqual(['support/triage']);
    expect(current.library.search('haiku ticket')).toEqual([]);
    current.library.tag('haiku', ['poetry']);
    expect(current.library.search('poetry').map((hit) => hit.name)).toEqual(['haiku']);
  });

  it('treats query syntax characters as plain text', () => {
    current = openLibrary(PROMPTS);
    expect(() => current!.library.search('"haiku* OR (NEAR')).not.toThrow();
    expect(current.library.search('"haiku').map((hit) => hit.name)).toEqual(['haiku']);
    expect(current.library.search('!!!')).toEqual([]);
    expect(toMatchExpression('a "b" c-d')).toBe('"a"* "b"* "c"* "d"*');
  });

  it('follows edits and deletions of prompt files', () => {
    current = openLibrary(PROMPTS);
    expect(current.library.search('limerick')).toEqual([]);
    current.project.writePrompt('haiku.prompt', '---\ndescription: A poem\n---\nWrite a limerick instead.\n');
    expect(current.library.search('limerick').map((hit) => hit.name)).toEqual(['haiku']);
    rmSync(join(current.project.promptsDir, 'haiku.prompt'));
    expect(current.library.search('limerick')).toEqual([]);
    expect(current.library.list().prompts.map((prompt) => prompt.name)).not.toContain('haiku');
  });
});

describe('scanning the prompts folder', () => {
  it('lists prompts by relative name, leaving out partials, and flags invalid files', () => {
    current = openLibrary({ ...PROMPTS, 'broken.prompt': '---\ntags: x\n---\nHi\n' });
    const listing = current.library.list();
    expect(listing.prompts.map((prompt) => prompt.name)).toEqual(['haiku', 'summarize', 'support/triage']);
    expect(listing.invalid).toHaveLength(1);
    expect(listing.invalid[0]!.error.location?.line).toBe(2);
    expect(listing.invalid[0]!.error.hint).toContain('array');
  });

  it('does not read a file again while its size and modification time are unchanged', () => {
    current = openLibrary(PROMPTS);
    const path = join(current.project.promptsDir, 'haiku.prompt');
    const mtime = new Date('2024-01-01T00:00:00Z');
    utimesSync(path, mtime, mtime);
    const before = current.library.list().prompts.find((prompt) => prompt.name === 'haiku')!.hash;
    // Same length, same mtime: a scan that trusts its cache cannot see this edit.
    current.project.writePrompt('haiku.prompt', PROMPTS['haiku.prompt'].replace('haiku', 'HAIKU'));
    utimesSync(path, mtime, mtime);
    expect(
      current
        .reopen()
        .list()
        .prompts.find((prompt) => prompt.name === 'haiku')!.hash,
    ).toBe(before);
    utimesSync(path, mtime, new Date(mtime.getTime() + 5000));
    expect(
      current
        .reopen()
        .list()
        .prompts.find((prompt) => prompt.name === 'haiku')!.hash,
    ).not.toBe(before);
  });
});
