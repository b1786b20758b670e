import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeAtomically } from '../../src/util/atomic-write.ts';

let folder: string | undefined;
afterEach(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('writeAtomically', () => {
  it('replaces a file with the whole new text and leaves no temporary file', () => {
    folder = mkdtempSync(join(tmpdir(), 'plume-atomic-'));
    const file = join(folder, 'a.prompt');
    writeFileSync(file, 'old');
    writeAtomically(file, (write) => {
      write('new ');
      write('text');
    });
    expect(readFileSync(file, 'utf8')).toBe('new text');
    expect(readdirSync(folder)).toEqual(['a.prompt']);
  });

  it('keeps the old file whole when the writer fails halfway', () => {
    folder = mkdtempSync(join(tmpdir(), 'plume-atomic-'));
    const file = join(folder, 'a.prompt');
    writeFileSync(file, 'old');
    expect(() =>
      writeAtomically(file, (write) => {
        write('half of it');
        throw new Error('disk gone');
      }),
    ).toThrow('disk gone');
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(folder)).toEqual(['a.prompt']);
  });
});
