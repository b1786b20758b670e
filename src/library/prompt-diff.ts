import type { PromptVersion } from '../spec/prompt.ts';
import { stableStringify } from '../util/hash.ts';
import { isPlainObject } from '../util/is-plain-object.ts';
import { lazyModule } from '../util/lazy-module.ts';
import { parseYamlSource } from '../util/yaml-source.ts';
import { splitFrontMatter } from './front-matter.ts';
import { shortHash } from './normalize-content.ts';

/** One front matter setting that differs between two versions, by dotted path (`config.temperature`). */
export interface FrontMatterChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

/** How two versions differ: front matter as structured changes, the body as a unified diff. */
export interface PromptDiff {
  from: { name: string; hash: string };
  to: { name: string; hash: string };
  identical: boolean;
  frontMatter: FrontMatterChange[];
  /** Unified diff of the bodies; empty when they are equal. */
  body: string;
}

// The diff package is loaded by the first diff: every command opens the library, few compare versions.
const diffPackage = lazyModule<typeof import('diff')>('diff');

/** Compare two versions (of one prompt or of two). */
export function diffVersions(from: PromptVersion, to: PromptVersion, context = 3): PromptDiff {
  const a = readParts(from);
  const b = readParts(to);
  const fromLabel = `${from.name}@${shortHash(from.hash)}`;
  const toLabel = `${to.name}@${shortHash(to.hash)}`;
  const body =
    a.body === b.body
      ? ''
      : diffPackage()
          .createTwoFilesPatch(fromLabel, toLabel, a.body, b.body, undefined, undefined, { context })
          .split('\n')
          .filter((line) => !/^=+$/.test(line))
          .join('\n');
  return {
    from: { name: from.name, hash: from.hash },
    to: { name: to.name, hash: to.hash },
    identical: from.hash === to.hash,
    frontMatter: diffValues(flatten(a.frontMatter), flatten(b.frontMatter)),
    body,
  };
}

function readParts(version: PromptVersion): { frontMatter: unknown; body: string } {
  const label = `${version.name}@${shortHash(version.hash)}`;
  try {
    const split = splitFrontMatter(version.content, label);
    return { frontMatter: parseYamlSource(split.yaml, label).value, body: split.body };
  } catch {
    // A version whose front matter does not parse is still comparable, as text.
    return { frontMatter: {}, body: version.content };
  }
}

/** Leaves of a YAML value by dotted path; arrays are leaves, compared whole. */
function flatten(value: unknown, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0 && prefix) into.set(prefix, {});
    for (const [key, inner] of entries) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
  } else if (prefix) {
    into.set(prefix, value);
  }
  return into;
}

function diffValues(before: Map<string, unknown>, after: Map<string, unknown>): FrontMatterChange[] {
  const changes: FrontMatterChange[] = [];
  for (const [path, value] of before) {
    if (!after.has(path)) changes.push({ path, kind: 'removed', before: value });
    else if (stableStringify(value) !== stableStringify(after.get(path))) {
      changes.push({ path, kind: 'changed', before: value, after: after.get(path) });
    }
  }
  for (const [path, value] of after)
    if (!before.has(path)) changes.push({ path, kind: 'added', after: value });
  return changes.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}
