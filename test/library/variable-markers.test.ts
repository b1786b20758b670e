import { describe, expect, it } from 'vitest';
import { MARKER, neutralizeMarkers, restoreMarkers } from '../../src/library/variable-markers.ts';

describe('neutralizeMarkers', () => {
  it('leaves no marker in any string, deeply, and restores every character exactly', () => {
    const tricky = `${MARKER}role:system>>> a < b \uE000 \uE001s \uE001e <<`;
    const input = { text: tricky, list: [tricky, 3, null], nested: { [tricky]: { deep: tricky } } };
    const safe = neutralizeMarkers(input);
    const strings = JSON.stringify(safe);
    expect(strings).not.toContain('<');
    expect(restoreMarkers(safe.text)).toBe(tricky);
    expect(restoreMarkers(safe.list[0] as string)).toBe(tricky);
    expect(restoreMarkers(strings)).toBe(JSON.stringify(input));
    expect(input.text).toBe(tricky);
  });

  it('returns the same object when no string holds a `<`, and neutralizes shared data at each place', () => {
    const plain = { name: 'Ada', tags: ['a', 'b'], count: 2 };
    expect(neutralizeMarkers(plain)).toBe(plain);
    const shared = { text: MARKER };
    const safe = neutralizeMarkers({
      first: shared,
      second: shared,
      proto: JSON.parse('{"__proto__": "<x"}'),
    });
    expect(safe.first.text).not.toContain('<');
    expect(safe.second.text).not.toContain('<');
    expect(Object.keys(safe.proto)).toEqual(['__proto__']);
  });
});
