import { afterEach, describe, expect, it } from 'vitest';
import { diffVersions } from '../../src/library/prompt-diff.ts';
import type { PromptVersion } from '../../src/spec/prompt.ts';
import { type OpenLibrary, openLibrary } from './library-helpers.ts';

let current: OpenLibrary | undefined;
afterEach(() => current?.done());

function version(hash: string, content: string): PromptVersion {
  return { hash, name: 'p', parentHash: undefined, content, author: 'a', message: '', createdAt: '' };
}

describe('diffVersions', () => {
  it('lists front matter changes by path and diffs the body', () => {
    const from = version(
      'a'.repeat(64),
      '---\ndescription: old\nconfig:\n  temperature: 0.2\n  seed: 1\ntags: [a]\n---\nline 1\nline 2\nline 3\n',
    );
    const to = version(
      'b'.repeat(64),
      '---\ndescription: old\nconfig:\n  temperature: 0.7\nmodel: openai:gpt-4o\ntags: [a, b]\n---\nline 1\nline two\nline 3\n',
    );
    const diff = diffVersions(from, to);
    expect(diff.identical).toBe(false);
    expect(diff.frontMatter).toEqual([
      { path: 'config.seed', kind: 'removed', before: 1 },
      { path: 'config.temperature', kind: 'changed', before: 0.2, after: 0.7 },
      { path: 'model', kind: 'added', after: 'openai:gpt-4o' },
      { path: 'tags', kind: 'changed', before: ['a'], after: ['a', 'b'] },
    ]);
    expect(diff.body).toContain('--- p@aaaaaaa');
    expect(diff.body).toContain('+++ p@bbbbbbb');
    expect(diff.body).toContain('-line 2\n+line two');
    expect(diff.body).not.toMatch(/^=+$/m);
  });

  it('leaves the body diff empty when only settings changed', () => {
    const diff = diffVersions(
      version('a'.repeat(64), '---\nseed: 1\n---\nsame\n'),
      version('b'.repeat(64), 'same\n'),
    );
    expect(diff.body).toBe('');
    expect(diff.frontMatter).toEqual([{ path: 'seed', kind: 'removed', before: 1 }]);
  });
});

describe('library diff and lineage', () => {
  it('diffs a label against the current file', async () => {
    current = openLibrary({ 'p.prompt': 'Hello {{name}}\n' });
    await current.library.label('p', 'production');
    current.project.writePrompt('p.prompt', 'Hi {{name}}\n');
    const diff = current.library.diff('p@production', 'p');
    expect(diff.body).toContain('-Hello {{name}}\n+Hi {{name}}');
  });

  it('follows parents to the root and lists descendants as a tree, across names', async () => {
    current = openLibrary({ 'p.prompt': 'one\n' });
    const root = (await current.library.resolve('p')).version;
    current.project.writePrompt('p.prompt', 'two\n');
    const child = (await current.library.resolve('p')).version;
    const branch = await current.library.save({
      name: 'p-short',
      content: 'two, shorter\n',
      parent: 'p',
      message: 'fork',
    });
    current.project.writePrompt('p.prompt', 'three\n');
    const grandchild = (await current.library.resolve('p')).version;

    const lineage = current.library.lineage(`p@${child.hash.slice(0, 7)}`);
    expect(lineage.ancestors.map((entry) => entry.hash)).toEqual([root.hash]);
    expect(lineage.descendants.map((node) => [node.name, node.hash])).toEqual([
      ['p-short', branch.version.hash],
      ['p', grandchild.hash],
    ]);
    const fromGrandchild = current.library.lineage('p');
    expect(fromGrandchild.ancestors.map((entry) => entry.hash)).toEqual([child.hash, root.hash]);
    expect(current.library.lineage(`p@${root.hash.slice(0, 7)}`).descendants[0]!.children).toHaveLength(2);
  });
});
