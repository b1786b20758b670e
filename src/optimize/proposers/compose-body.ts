import { insertInstruction, layoutOf } from '../../library/techniques/template-layout.ts';
import { repairPlaceholders } from './repair-placeholders.ts';
import { templateTags, templateUnits } from './template-tags.ts';

/**
 * A candidate body from a bare instruction (APE proposes instructions, not templates) and the
 * original body whose variables it must take.
 *
 * The rule: the original's lines that hold a template tag (or lie inside a block spanning lines)
 * are its input part and stay as they are; its other non-blank lines are its instruction, which
 * the new one replaces. The new instruction goes where the original's first instruction line was,
 * separated from the kept lines by a blank line (kept lines that were apart stay a blank line
 * apart). An original that is all structure — role markers, partials, input slots such as
 * `Review: {{review}}`, no sentence of its own — is kept whole, and the instruction goes where the
 * catalogue puts one (the end of the system message, else before the first input: see
 * template-layout.ts). When the split is unclear — every non-blank line of the original holds a tag, so its
 * instruction and input share lines — or the instruction already holds some of the original's
 * tags, the instruction is kept whole and the missing units are appended (repairPlaceholders).
 * Tags the original lacks are removed from the instruction first; an original without tags gives
 * the instruction alone.
 */
export function composeBody(instruction: string, original: string): string {
  const normalized = original.replace(/\r\n?/g, '\n');
  const originalKeys = new Set(
    templateTags(normalized)
      .filter((tag) => tag.kind !== 'comment')
      .map((tag) => tag.key),
  );
  const sharesTags = templateTags(instruction).some(
    (tag) => tag.kind !== 'comment' && originalKeys.has(tag.key),
  );
  if (originalKeys.size === 0 || sharesTags) return repairPlaceholders(instruction, normalized).body;
  // None of the instruction's tags is the original's: take them all out.
  const cleaned = repairPlaceholders(instruction, '').body;
  const lines = normalized.split('\n');
  const kept = keptLines(normalized, lines);
  const firstText = lines.findIndex((line, index) => line.trim() !== '' && !kept.has(index));
  if (firstText < 0 && cleaned !== '' && isAllStructure(normalized))
    return insertInstruction(normalized, cleaned);
  if (firstText < 0 || cleaned === '') return repairPlaceholders(cleaned, normalized).body;
  const before = joinKept(lines, kept, 0, firstText);
  const after = joinKept(lines, kept, firstText, lines.length);
  return [before, cleaned, after].filter((part) => part !== '').join('\n\n');
}

/** True when no unit of the body is prose: only markers, tag-only lines, input slots and blocks. */
function isAllStructure(body: string): boolean {
  const layout = layoutOf(body);
  return layout.units.every((unit) => {
    if (unit.kind !== 'text') return true;
    const text = layout.lines.slice(unit.start, unit.end).join('\n');
    return text.replace(/\{\{[^}]*\}\}\}?/g, '').trim() === '';
  });
}

/** Indices of the lines holding a tag or lying inside a block. */
function keptLines(original: string, lines: readonly string[]): Set<number> {
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  const lineOf = (position: number) => starts.findLastIndex((start) => start <= position);
  const kept = new Set<number>();
  for (const unit of templateUnits(original)) {
    for (let line = lineOf(unit.start); line <= lineOf(unit.end - 1); line++) kept.add(line);
  }
  return kept;
}

function joinKept(lines: readonly string[], kept: ReadonlySet<number>, from: number, to: number): string {
  let text = '';
  let previous = -1;
  for (let index = from; index < to; index++) {
    if (!kept.has(index)) continue;
    if (text !== '') text += previous === index - 1 ? '\n' : '\n\n';
    text += lines[index];
    previous = index;
  }
  return text;
}
