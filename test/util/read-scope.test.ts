import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPlumeError } from '../../src/util/errors.ts';
import { ReadScope } from '../../src/util/read-scope.ts';

let base: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'plume-scope-'));
  mkdirSync(join(base, 'project/prompts'), { recursive: true });
  mkdirSync(join(base, 'project-2'));
  writeFileSync(join(base, 'project-2/data.txt'), 'x');
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

function refusal(scope: ReadScope, path: string): string {
  try {
    scope.resolve(path, { file: 'suite.yaml', line: 3 });
  } catch (error) {
    if (isPlumeError(error)) return `${error.code} ${error.describe()}`;
    throw error;
  }
  return 'allowed';
}

describe('ReadScope', () => {
  it('allows the folders and what lies in them, missing files included', () => {
    const scope = new ReadScope([join(base, 'project'), join(base, 'project/prompts')]);
    expect(scope.roots).toEqual([join(base, 'project')]);
    expect(scope.resolve(join(base, 'project/..notes/a.txt'))).toBe(join(base, 'project/..notes/a.txt'));
    expect(scope.resolve(join(base, 'project/prompts/not-yet.prompt'))).toContain('not-yet.prompt');
  });

  it('refuses a neighbour with the same prefix, a climb, and a symlink leading out, at the location given', () => {
    const scope = new ReadScope([join(base, 'project')]);
    expect(refusal(scope, join(base, 'project-2/data.txt'))).toMatch(
      /^READ_OUTSIDE_PROJECT suite\.yaml:3: .* is outside the project; .*\n {2}hint: .*allowRead/,
    );
    expect(refusal(scope, join(base, 'project/prompts/../../project-2/data.txt'))).toContain('outside');
    symlinkSync(join(base, 'project-2'), join(base, 'project/linked'));
    expect(refusal(scope, join(base, 'project/linked/data.txt'))).toContain(
      `(it leads to ${join(base, 'project-2/data.txt')})`,
    );
    expect(refusal(scope, join(base, 'project/linked/missing.txt'))).toContain('outside');
    expect(
      new ReadScope([join(base, 'project'), join(base, 'project-2')]).resolve(
        join(base, 'project/linked/data.txt'),
      ),
    ).toBe(join(base, 'project-2/data.txt'));
  });
});
