import { type TemplateTag, templateTags, templateUnits } from './template-tags.ts';

/** A candidate after repair, with what was done to it. */
export interface RepairedCandidate {
  body: string;
  /** Units of the original (placeholders, partials, whole blocks) appended because they were missing. */
  added: number;
  /** Tags taken out: placeholders, helpers or blocks the original does not have, and unpaired block tags. */
  removed: number;
}

/**
 * Make a candidate render the same variables as the original. Every tag the original lacks is
 * removed (a foreign block loses its opening and closing tags, keeping its text), as is every
 * unpaired block tag and `else` outside a block. Then every unit of the original the candidate
 * lacks (see templateUnits: a placeholder or a whole block) is appended, in the original's
 * order, each as `\n\n` and the unit's text. Comments are neither required nor removed.
 */
export function repairPlaceholders(candidate: string, original: string): RepairedCandidate {
  const allowed = new Set(
    templateTags(original)
      .filter((tag) => tag.kind !== 'comment')
      .map((tag) => tag.key),
  );
  const { text, removed } = removeForeignTags(candidate, allowed);
  const present = new Set(
    templateTags(text)
      .filter((tag) => tag.kind === 'value' || tag.kind === 'partial' || tag.kind === 'open')
      .map((tag) => tag.key),
  );
  let body = text.trim();
  let added = 0;
  for (const unit of templateUnits(original)) {
    if (present.has(unit.key)) continue;
    present.add(unit.key);
    body = body.length > 0 ? `${body}\n\n${unit.text}` : unit.text;
    added++;
  }
  return { body, added, removed };
}

function removeForeignTags(
  candidate: string,
  allowed: Readonly<Set<string>>,
): { text: string; removed: number } {
  const tags = templateTags(candidate);
  const drop = new Set<number>();
  const depth: number[] = [];
  tags.forEach((tag, index) => {
    if (tag.kind === 'comment') return;
    if (tag.kind === 'open' && tag.match !== undefined) {
      if (allowed.has(tag.key)) depth.push(tag.match);
      else drop.add(index).add(tag.match);
      return;
    }
    if (tag.kind === 'close' && tag.match !== undefined) {
      if (depth.at(-1) === index) depth.pop();
      return;
    }
    const foreign = !allowed.has(tag.key) || isUnpaired(tag) || (tag.kind === 'else' && depth.length === 0);
    if (foreign) drop.add(index);
  });
  if (drop.size === 0) return { text: candidate, removed: 0 };
  let text = '';
  let from = 0;
  for (const index of [...drop].sort((left, right) => left - right)) {
    const tag = tags[index]!;
    text += candidate.slice(from, tag.start);
    from = tag.end;
  }
  return { text: text + candidate.slice(from), removed: drop.size };
}

function isUnpaired(tag: TemplateTag): boolean {
  return (tag.kind === 'open' || tag.kind === 'close') && tag.match === undefined;
}
