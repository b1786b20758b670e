import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { parseYamlSource } from '../../src/util/yaml-source.ts';

/** The oracle: the yaml library's own reading of a text (YAML 1.2 core schema). */
function documentValue(text: string): unknown {
  return parseDocument(text, { prettyErrors: false, uniqueKeys: true }).toJS() ?? {};
}

/** Every mapping and list of a text, with the line the yaml library starts it on (1-based). */
function collectionLines(text: string): { path: (string | number)[]; line: number }[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const found: { path: (string | number)[]; line: number }[] = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (!isMap(node) && !isSeq(node)) return;
    found.push({ path, line: lineCounter.linePos((node as Node).range![0]).line });
    if (isSeq(node)) {
      node.items.forEach((item, index) => {
        walk(item, [...path, index]);
      });
    } else
      for (const pair of node.items)
        walk(pair.value, [...path, String((pair.key as { value: unknown }).value)]);
  };
  walk(document.contents, []);
  return found;
}

const SCALARS = [
  '1_000',
  '0b101',
  '0o17',
  '017',
  '0x1F',
  '0X1f',
  '+1',
  '-0',
  '.5',
  '+.5',
  '-.5',
  '1e3',
  '1.0e+3',
  '1E3',
  '1.',
  '0.',
  '00',
  '0o8',
  '0x',
  '+0x1F',
  '-0x1F',
  '1e400',
  '-1e400',
  '123456789012345678901234567890',
  'Yes',
  'on',
  'off',
  'y',
  'n',
  '~',
  'null',
  'NULL',
  'Null',
  'nULL',
  'True',
  'TRUE',
  'tRue',
  'false',
  '2024-01-01',
  '2001-12-14t21:59:43.10-05:00',
  '12:30:00',
  '1:20',
  '.inf',
  '-.Inf',
  '+.INF',
  '.NaN',
  '.nan',
  'nan',
  'inf',
  '=',
  '<<',
  '"a\\x41"',
  "'it''s'",
  '"\\u00e9"',
  'plain # comment',
  "'quoted: colon'",
  '"1"',
  "'true'",
  '""',
  "''",
];

const DOCUMENTS = [
  '',
  '# only a comment\n',
  '---\na: 1\n...\n',
  'a: 1\nb: [1, {c: d}]\n',
  '? complex\n: key\n',
  'base: &x {a: 1}\nuse: *x\nlist: [*x, *x]\n',
  'key: |+\n  keep\n\n',
  'folded: >\n  a\n  b\n\n  c\n',
  'literal: |-\n  a\n   b\n',
  'multi: "line one\n  line two"\nplain: word\n  continued\n',
  '- a\n- - nested\n  - list\n-\n  late: start\n',
  'empty:\nnone: ~\nlist: []\nmap: {}\n',
  '"quoted key": 1\n\'single\': 2\n',
  'emoji: "😀 é ß"\ncrlf: yes\r\nnext: 2\r\n',
  'tests:\n  - vars: { name: a }\n  -\n    vars:\n      name: b\n  - { vars: { name: c } }\n',
];

const REPO = resolve(import.meta.dirname, '../..');

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    if (statSync(path).isDirectory()) return yamlFilesUnder(path);
    return /\.(ya?ml)$/.test(name) ? [path] : [];
  });
}

describe('parseYamlSource', () => {
  it('reads plain scalars as the YAML 1.2 core schema does in the yaml library', () => {
    for (const scalar of SCALARS) {
      const text = `v: ${scalar}\n`;
      expect(parseYamlSource(text, 'f.yaml').value, text).toEqual(documentValue(text));
    }
  });

  it('reads documents, the YAML files of this repository included, as the yaml library does', () => {
    const files = [...yamlFilesUnder(join(REPO, 'test')), ...yamlFilesUnder(join(REPO, 'docs'))];
    expect(files.length).toBeGreaterThan(20);
    const texts = [...DOCUMENTS, ...files.map((file) => readFileSync(file, 'utf8'))];
    for (const text of texts) {
      let expected: unknown;
      try {
        expected = documentValue(text);
      } catch {
        continue;
      }
      if (parseDocument(text, { uniqueKeys: true }).errors.length > 0) continue;
      expect(parseYamlSource(text, 'f.yaml').value, text.slice(0, 200)).toEqual(expected);
    }
  });

  it('gives each mapping and list the line the yaml library positions it on', () => {
    const texts = [
      ...DOCUMENTS,
      '# a comment\n---\nprompts: [p1]\ndefaultTest:\n  # why\n  assert:\n    - { type: contains, value: x }\ntests:\n' +
        '  - vars: { name: a }\n  -\n    vars:\n      name: b\n  - vars:\n      name: d\n    assert:\n      - type: regex\n',
    ];
    for (const text of texts) {
      const source = parseYamlSource(text, 'f.yaml');
      for (const { path, line } of collectionLines(text)) {
        expect(source.lineOf(path), `${JSON.stringify(path)} in ${JSON.stringify(text)}`).toBe(line);
        expect(source.locate(path).line).toBe(line);
      }
    }
  });

  it('shifts lines for YAML embedded in a file, and takes the nearest mapping for what is missing', () => {
    const source = parseYamlSource('a: 1\nb:\n  c: [1, 2]\n', 'prompt.prompt', 1);
    expect(source.lineOf(['b'])).toBe(4);
    expect(source.lineOf(['b', 'c'])).toBe(4);
    expect(source.lineOf(['b', 'missing'])).toBe(4);
    expect(source.lineOf(['a'])).toBe(2);
  });

  it('reports syntax errors, duplicate keys and tags through the yaml library, as before', () => {
    expect(() => parseYamlSource('a: [1, 2\n', 'f.yaml')).toThrow(/YAML syntax error/);
    expect(() => parseYamlSource('a: 1\na: 2\n', 'f.yaml')).toThrow(/YAML syntax error/);
    expect(() => parseYamlSource('v: a: b: c\n', 'f.yaml')).toThrow(/YAML syntax error/);
    const tagged = 'v: !!str 12\nw: !!float 1\n';
    expect(parseYamlSource(tagged, 'f.yaml').value).toEqual(documentValue(tagged));
  });
});
