import { describe, expect, it } from 'vitest';
import { contentHash, normalizeContent, shortHash } from '../../src/library/normalize-content.ts';
import { sha256 } from '../../src/util/hash.ts';

describe('normalizeContent', () => {
  it('turns CRLF and lone CR into LF', () => {
    expect(normalizeContent('a\r\nb\rc\n')).toBe('a\nb\nc\n');
  });

  it('ends the text with exactly one newline', () => {
    expect(normalizeContent('hello')).toBe('hello\n');
    expect(normalizeContent('hello\n\n\n')).toBe('hello\n');
    expect(normalizeContent('')).toBe('\n');
  });

  it('drops a byte-order mark but keeps other whitespace', () => {
    expect(normalizeContent('\uFEFF  indented  \n')).toBe('  indented  \n');
  });
});

describe('contentHash', () => {
  it('is the sha256 of the normalized text', () => {
    expect(contentHash('x\r\n\r\n')).toBe(sha256('x\n'));
  });

  it('gives the same hash to texts that differ only in line ends', () => {
    expect(contentHash('a\r\nb')).toBe(contentHash('a\nb\n\n'));
    expect(contentHash('a\nb')).not.toBe(contentHash('a\n b'));
  });

  it('shortens hashes to seven characters', () => {
    expect(shortHash('0123456789abcdef')).toBe('0123456');
  });
});
