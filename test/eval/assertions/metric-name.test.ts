import { describe, expect, it } from 'vitest';
import { metricName, metricVariables } from '../../../src/eval/assertions/metric-name.ts';
import { recordedValue, recordedVars } from '../../../src/eval/run/recorded-vars.ts';

describe('metricName', () => {
  it("renders a metric's placeholders from the test's variables", () => {
    expect(metricName('group-{{group}}')({ group: 'fr' })).toBe('group-fr');
    expect(metricName('{{ who.team }}/{{n}}')({ who: { team: 'a' }, n: 3 })).toBe('a/3');
    expect(metricName('plain')({})).toBe('plain');
    expect(metricName(undefined)({ group: 'fr' })).toBeUndefined();
  });

  it('renders Nunjucks filters and statements, as promptfoo does', () => {
    expect(metricName('group-{{ group | upper }}')({ group: 'fr' })).toBe('group-FR');
    expect(metricName('{% if n > 2 %}big{% else %}small{% endif %}')({ n: 3 })).toBe('big');
  });

  it('refuses a template Nunjucks cannot read, and an unknown filter', () => {
    expect(() => metricName('group-{{group')).toThrow(/Nunjucks \(Jinja-style\) template error/);
    expect(() => metricName('group-{{ group | shout }}')).toThrow(/unknown filter 'shout'/);
  });

  it('lists the variables the metric names of an assert list use, in groups too', () => {
    expect(
      metricVariables([
        { type: 'contains', value: 'x', metric: 'a-{{lang}}' },
        {
          type: 'assert-set',
          metric: '{{who.team}}',
          assert: [{ type: 'equals', value: 'y', metric: '{{lang}}-{{ level | upper }}' }],
        },
      ]),
    ).toEqual(['lang', 'who', 'level']);
  });
});

describe('recordedVars', () => {
  it('writes each value as the text a breakdown groups by', () => {
    expect(recordedVars({ a: 'fr', b: 3, c: true, d: null, e: [1, 2], f: { x: 1 }, g: undefined })).toEqual({
      a: 'fr',
      b: '3',
      c: 'true',
      d: 'null',
      e: '[1,2]',
      f: '{"x":1}',
    });
  });

  it('cuts a long value and keeps it distinct with a digest', () => {
    const first = recordedValue(`${'x'.repeat(300)}1`);
    const second = recordedValue(`${'x'.repeat(300)}2`);
    expect(first.length).toBeLessThan(200);
    expect(first).not.toBe(second);
    expect(first).toMatch(/^x{160}… \(#[0-9a-f]{12}\)$/);
  });
});
