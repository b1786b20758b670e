import { shortHash } from '../../library/normalize-content.ts';
import type { PromptDiff } from '../../library/prompt-diff.ts';
import type { Lineage, LineageNode } from '../../library/prompt-lineage.ts';

// Human output of `plume lib …`; the --json output is the library's own records.

export function formatDiff(result: PromptDiff): string {
  if (result.identical) return 'identical';
  const lines: string[] = [];
  for (const change of result.frontMatter) {
    if (change.kind === 'added') lines.push(`+ ${change.path}: ${show1(change.after)}`);
    else if (change.kind === 'removed') lines.push(`- ${change.path}: ${show1(change.before)}`);
    else lines.push(`~ ${change.path}: ${show1(change.before)} → ${show1(change.after)}`);
  }
  if (lines.length > 0 && result.body) lines.push('');
  if (result.body) lines.push(result.body.replace(/\n$/, ''));
  return lines.length > 0 ? lines.join('\n') : 'same settings and body (whitespace differs)';
}

export function formatLineage(lineage: Lineage): string {
  const entry = (node: { name: string; hash: string; message: string }) =>
    `${node.name}@${shortHash(node.hash)}  ${node.message}`;
  const lines = lineage.ancestors
    .map((ancestor, index) => `${'  '.repeat(lineage.ancestors.length - 1 - index)}${entry(ancestor)}`)
    .reverse();
  const depth = lineage.ancestors.length;
  lines.push(`${'  '.repeat(depth)}${entry(lineage.version)}  ◀`);
  const walk = (nodes: LineageNode[], level: number): void => {
    for (const node of nodes) {
      lines.push(`${'  '.repeat(level)}${entry(node)}`);
      walk(node.children, level + 1);
    }
  };
  walk(lineage.descendants, depth + 1);
  return lines.join('\n');
}

export function field(name: string, value: string): string[] {
  return value ? [`${`${name}:`.padEnd(9)}${value}`] : [];
}

export function formatDate(iso: string): string {
  return iso ? iso.slice(0, 16).replace('T', ' ') : '';
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function show1(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
