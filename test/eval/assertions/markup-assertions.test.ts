import { describe, expect, it } from 'vitest';
import { compileAssertions } from '../../../src/eval/assertions/compile-assertions.ts';
import { xmlCandidates } from '../../../src/eval/assertions/markup/check-xml.ts';
import { check } from './cell-context.ts';

const report = '<report><summary>Fine</summary><score unit="pt">9</score></report>';

describe('is-xml', () => {
  it('passes a well-formed document and fails broken or prose output', async () => {
    expect((await check({ type: 'is-xml' }, report)).pass).toBe(true);
    const broken = await check({ type: 'is-xml' }, '<report><summary>Fine</report>');
    expect(broken.pass).toBe(false);
    expect(broken.reason).toMatch(/^XML parsing failed/);
    expect((await check({ type: 'is-xml' }, `Here: ${report}`)).pass).toBe(false);
    expect((await check({ type: 'not-is-xml' }, 'plain words')).pass).toBe(true);
  });

  it('requires the element paths of its value, in any of its forms', async () => {
    for (const value of [
      'report.summary, report.score',
      ['report.summary', 'report.score'],
      { requiredElements: ['report.summary'] },
    ]) {
      expect((await check({ type: 'is-xml', value }, report)).pass).toBe(true);
    }
    const missing = await check({ type: 'is-xml', value: 'report.summary,report.author' }, report);
    expect(missing).toMatchObject({ pass: false, reason: 'XML is missing required elements: report.author' });
  });

  it('refuses a value that is no list of paths', () => {
    expect(() => compileAssertions([{ type: 'is-xml', value: { elements: 1 } }])).toThrow(/element paths/);
  });
});

describe('contains-xml', () => {
  it('finds a well-formed element in prose', async () => {
    const output = `Sure, here is the report:\n${report}\nAnything else?`;
    expect((await check({ type: 'contains-xml', value: ['report.score'] }, output)).pass).toBe(true);
    expect((await check({ type: 'contains-xml' }, 'no tags at all, 3 < 4')).reason).toBe(
      'No XML content found in the output',
    );
    expect((await check({ type: 'contains-xml', value: 'report.author' }, output)).pass).toBe(false);
  });

  it('takes the outermost balanced elements', () => {
    expect(xmlCandidates('a <x><y/></x> b <z>1</z> <w>')).toEqual(['<x><y/></x>', '<z>1</z>']);
  });
});

describe('is-html', () => {
  it('passes documents and fragments of HTML elements', async () => {
    expect(
      (await check({ type: 'is-html' }, '<!DOCTYPE html><html><body><p>Hi</p></body></html>')).pass,
    ).toBe(true);
    expect((await check({ type: 'is-html' }, '<div class="card"><h2>Title</h2></div>')).pass).toBe(true);
    expect((await check({ type: 'is-html' }, '<my-widget></my-widget>')).pass).toBe(true);
  });

  it('fails text, XML, loose text and made-up tags', async () => {
    expect((await check({ type: 'is-html' }, '')).reason).toBe('Output is empty');
    expect((await check({ type: 'is-html' }, 'Just words')).reason).toBe(
      'Output must be wrapped in HTML tags',
    );
    expect((await check({ type: 'is-html' }, '<?xml version="1.0"?><a/>')).reason).toMatch(/XML, not HTML/);
    expect((await check({ type: 'is-html' }, '<p>a</p> tail <b>b</b>')).pass).toBe(false);
    expect((await check({ type: 'is-html' }, '<example>x</example>')).reason).toBe(
      'Output does not contain recognized HTML elements',
    );
  });
});

describe('contains-html', () => {
  it('finds HTML in prose, not comparisons or made-up tags', async () => {
    expect((await check({ type: 'contains-html' }, 'Use <strong>bold</strong> here')).pass).toBe(true);
    expect((await check({ type: 'contains-html' }, 'if a < b and c > d')).pass).toBe(false);
    expect((await check({ type: 'contains-html' }, 'the <example> tag')).pass).toBe(false);
    expect((await check({ type: 'not-contains-html' }, 'plain text')).pass).toBe(true);
  });
});
