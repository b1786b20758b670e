import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDynamicPattern } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { globFiles, isGlob } from '../../src/util/glob.ts';

describe('isGlob', () => {
  it('says what tinyglobby says, plain paths and every kind of glob', () => {
    const patterns = [
      'tests.jsonl',
      'data/tests.csv',
      './a-b_c.d/e f.yaml',
      'prompts/*.prompt',
      'data/**/x.jsonl',
      'file?.csv',
      'file[12].csv',
      'x.{csv,jsonl}',
      '!(a).csv',
      '@(a|b).csv',
      '+(a).csv',
      '!negated.csv',
      'a\\*b.csv',
      'name@label',
      '(parens).csv',
    ];
    for (const pattern of patterns) expect(isGlob(pattern), pattern).toBe(isDynamicPattern(pattern));
  });
});

describe('globFiles', () => {
  it('gives the matching files, absolute and sorted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plume-glob-'));
    try {
      mkdirSync(join(dir, 'sub'));
      for (const name of ['b.jsonl', 'a.jsonl', 'c.csv', 'sub/d.jsonl']) writeFileSync(join(dir, name), '');
      expect(globFiles('*.jsonl', dir)).toEqual([join(dir, 'a.jsonl'), join(dir, 'b.jsonl')]);
      expect(globFiles('**/*.jsonl', dir)).toEqual([
        join(dir, 'a.jsonl'),
        join(dir, 'b.jsonl'),
        join(dir, 'sub/d.jsonl'),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
