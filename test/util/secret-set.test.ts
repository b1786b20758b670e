import { describe, expect, it } from 'vitest';
import { SecretSet } from '../../src/util/secret-set.ts';
import { SecretStream } from '../../src/util/secret-stream.ts';

const KEY = 'lab.canary.4f9e.81c2';
const OTHER = 'hdr-77aa-10be-c3d4';

function setOf(...entries: [string, string][]): SecretSet {
  const secrets = new SecretSet();
  for (const [value, label] of entries) secrets.add(value, label);
  return secrets;
}

describe('SecretSet', () => {
  it('replaces every occurrence of each value by a marker naming where it comes from', () => {
    const secrets = setOf([KEY, 'LAB2_CRED'], [OTHER, 'LAB_HEADER']);
    expect(secrets.redact(`Bearer ${KEY}; x-lab=${OTHER}; again ${KEY}`)).toBe(
      'Bearer [redacted:LAB2_CRED]; x-lab=[redacted:LAB_HEADER]; again [redacted:LAB2_CRED]',
    );
  });

  it('ignores values too short to be secrets, so ordinary words stay', () => {
    const secrets = setOf(['2', 'X-Version'], ['test', 'TEST_KEY'], ['', 'EMPTY_KEY']);
    expect(secrets.size).toBe(0);
    expect(secrets.redact('version 2 of the test')).toBe('version 2 of the test');
  });

  it('finds a value as JSON writes it inside a string', () => {
    const quoted = 'k"ey\\with/odd';
    const secrets = setOf([quoted, 'ODD_CRED']);
    const json = JSON.stringify({ answer: `it is ${quoted}` });
    expect(json).not.toContain(quoted);
    expect(secrets.redact(json)).toBe('{"answer":"it is [redacted:ODD_CRED]"}');
  });

  it('replaces a secret that contains another whole', () => {
    const secrets = setOf(['abcdefgh', 'SHORT_CRED'], ['abcdefgh-ijklmnop', 'LONG_CRED']);
    expect(secrets.redact('abcdefgh-ijklmnop abcdefgh')).toBe('[redacted:LONG_CRED] [redacted:SHORT_CRED]');
  });

  it('takes in the secrets of another set, labels included', () => {
    const secrets = setOf([KEY, 'LAB2_CRED']);
    secrets.addAll(setOf([OTHER, 'LAB_HEADER'], [KEY, 'ELSEWHERE_KEY']));
    expect(secrets.size).toBe(2);
    expect(secrets.redact(`${KEY} ${OTHER}`)).toBe('[redacted:LAB2_CRED] [redacted:LAB_HEADER]');
  });
});

describe('SecretStream', () => {
  const secrets = setOf([KEY, 'LAB2_CRED'], [OTHER, 'LAB_HEADER']);
  const text = `key ${KEY} then ${OTHER}, end`;
  const expected = 'key [redacted:LAB2_CRED] then [redacted:LAB_HEADER], end';

  function streamed(pieces: string[]): { out: string; written: string[] } {
    const stream = new SecretStream(secrets);
    const written = pieces.map((piece) => stream.push(piece));
    written.push(stream.end());
    return { out: written.join(''), written };
  }

  it('lets no secret through when it is split at any point, however small the pieces', () => {
    for (let cut = 1; cut < text.length; cut++) {
      expect(streamed([text.slice(0, cut), text.slice(cut)]).out).toBe(expected);
    }
    const { out, written } = streamed([...text]);
    expect(out).toBe(expected);
    for (const piece of written) {
      expect(piece).not.toContain(KEY.slice(0, 4));
      expect(piece).not.toContain(OTHER.slice(0, 4));
    }
  });

  it('holds back only what could begin a secret', () => {
    const stream = new SecretStream(secrets);
    expect(stream.push('plain words ')).toBe('plain words ');
    expect(stream.push('then lab.can')).toBe('then ');
    expect(stream.push('dle')).toBe('lab.candle');
    expect(stream.push(' and lab.')).toBe(' and ');
    expect(stream.end()).toBe('lab.');
  });
});
