/**
 * Where a prompt engineer puts an addition, found from the template's structure rather than by
 * searching its text: the body is cut into whole-line units (a `{{#block}}…{{/block}}` is one
 * unit, however many lines it spans), the units into messages at `{{role}}` markers and
 * `{{history}}`, and each unit is classified (an input slot, a demonstration, an instruction).
 * Insertions go between units, so a block, a partial or a placeholder is never split, and every
 * line of the body is kept, in order.
 */
import { blockRanges, PLACEHOLDER } from './body-text.ts';
import { isDemonstrationLine } from './demonstrations.ts';

/** What a unit of the body is. */
export type UnitKind =
  /** A `{{role "..."}}` marker line: it opens a message. */
  | 'role'
  /** A `{{history}}` line: earlier turns go there; nothing is inserted across it. */
  | 'history'
  | 'blank'
  /** Where a test's data goes: a placeholder alone or after a short label, or a block holding one. */
  | 'input'
  /** A demonstration line (a heading or an `Input:`/`Output:` pair line). */
  | 'demonstration'
  /** Anything else: instructions, headings, fences, prose with inline variables. */
  | 'text';

/** Whole lines `[start, end)` of the body that belong together. */
export interface LayoutUnit {
  start: number;
  end: number;
  kind: UnitKind;
}

/** A message of the template: the units between two role markers (or history). */
export interface LayoutSection {
  /** `system`, `user`, `model`/`assistant`; text before any marker is the user's. */
  role: string;
  /** Index of its first unit after its marker, and one past its last. */
  first: number;
  end: number;
}

/** A body cut into units and messages. */
export interface TemplateLayout {
  lines: string[];
  /** The body ended with a line break (kept when the body is rebuilt). */
  finalNewline: boolean;
  units: LayoutUnit[];
  sections: LayoutSection[];
}

const ROLE_LINE = /^[ \t]*\{\{\s*role\s+["'](\w+)["']\s*\}\}/;
const HISTORY_LINE = /^[ \t]*\{\{\s*history\s*\}\}[ \t]*$/;
/** An input slot: `{{ticket}}`, `Ticket: {{ticket}}`, `"""{{ticket}}"""`, `<email>{{email}}</email>`. */
const INPUT_SLOT =
  /^[ \t]*(?:[^{}\n]{1,40}:[ \t]*)?(?:"""|```|<[A-Za-z][\w-]*>|\[\[)?[ \t]*\{\{\{?\s*[A-Za-z_@][\w.@-]*\s*\}?\}\}[ \t]*(?:"""|```|<\/[A-Za-z][\w-]*>|\]\])?[ \t]*$/;
/** Lines that belong to the input below them: a label (`Ticket:`) or an opening fence. */
const INPUT_LEAD = /^[ \t]*(?:[^{}\n]{1,200}:|"""|```[\w-]*|<<<|---|<[A-Za-z][\w-]*>|\[\[)[ \t]*$/;
/** A line that introduces what follows it, across a blank line ("Here is the review:"). */
const INTRODUCES = /^[ \t]*[^{}\n]{1,200}:[ \t]*$/;

/** The layout of a prompt body (the template after its front matter). */
export function layoutOf(body: string): TemplateLayout {
  const finalNewline = body.endsWith('\n');
  const lines = (finalNewline ? body.slice(0, -1) : body).split('\n');
  const lineStarts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    lineStarts.push(offset);
    offset += line.length + 1;
  }
  const lineAt = (position: number) => {
    let index = 0;
    while (index + 1 < lineStarts.length && lineStarts[index + 1]! <= position) index++;
    return index;
  };
  const blockLines = blockRanges(body).map(([from, to]) => [lineAt(from), lineAt(Math.max(from, to - 1))]);
  const units: LayoutUnit[] = [];
  for (let line = 0; line < lines.length; ) {
    const block = blockLines.find(([from]) => from === line);
    const end = block ? Math.max(line, block[1]!) + 1 : line + 1;
    units.push({ start: line, end, kind: classify(lines.slice(line, end), block !== undefined) });
    line = end;
  }
  const sections: LayoutSection[] = [];
  let current: LayoutSection = { role: 'user', first: 0, end: 0 };
  for (const [index, unit] of units.entries()) {
    if (unit.kind !== 'role' && unit.kind !== 'history') continue;
    current.end = index;
    sections.push(current);
    const role = unit.kind === 'role' ? ROLE_LINE.exec(lines[unit.start]!)![1]! : current.role;
    current = { role, first: index + 1, end: index + 1 };
  }
  current.end = units.length;
  sections.push(current);
  return {
    lines,
    finalNewline,
    units,
    sections: sections.filter((section, index) => index > 0 || section.end > section.first),
  };
}

function classify(lines: readonly string[], block: boolean): UnitKind {
  const text = lines.join('\n');
  if (!block && ROLE_LINE.test(text)) return 'role';
  if (!block && HISTORY_LINE.test(text)) return 'history';
  if (text.trim() === '') return 'blank';
  if (block) return new RegExp(PLACEHOLDER.source).test(text) ? 'input' : 'text';
  if (isDemonstrationLine(text)) return 'demonstration';
  return INPUT_SLOT.test(text) ? 'input' : 'text';
}

/** Index of the first unit of `section` that is an input or a demonstration; undefined if none. */
function firstInputUnit(layout: TemplateLayout, section: LayoutSection): number | undefined {
  for (let index = section.first; index < section.end; index++) {
    const kind = layout.units[index]!.kind;
    if (kind === 'input' || kind === 'demonstration') return index;
  }
  return undefined;
}

/**
 * The unit an input's label or opening fence starts at, going up from `index` within `section`:
 * `Ticket:` or `"""` right above the input, or a line ending with a colon ("Classify this
 * review:") above it across blank lines.
 */
function withLead(layout: TemplateLayout, section: LayoutSection, index: number): number {
  let at = index;
  for (let above = at - 1; above >= section.first; above--) {
    const unit = layout.units[above]!;
    if (unit.kind === 'blank') continue;
    if (unit.kind !== 'text' || unit.end - unit.start !== 1) break;
    const line = layout.lines[unit.start]!;
    const adjacent = above === at - 1;
    if (!(adjacent ? INPUT_LEAD.test(line) : INTRODUCES.test(line))) break;
    at = above;
  }
  return at;
}

/** Index just past the last non-blank unit of `section` (its first unit when it is empty). */
function sectionEnd(layout: TemplateLayout, section: LayoutSection): number {
  let at = section.end;
  while (at > section.first && layout.units[at - 1]!.kind === 'blank') at--;
  return at;
}

/**
 * Where an instruction goes, as a unit index: at the end of the system message when there is
 * one (before its input, if the system message holds the input); otherwise before the first
 * input of the first message that has one (before its label or fence, and before demonstrations
 * already there); with no input at all, at the end of the last user message.
 */
export function instructionPoint(layout: TemplateLayout): number {
  const system = layout.sections.find((section) => section.role === 'system');
  if (system) {
    const input = firstInputUnit(layout, system);
    return input === undefined ? sectionEnd(layout, system) : withLead(layout, system, input);
  }
  for (const section of layout.sections) {
    const input = firstInputUnit(layout, section);
    if (input !== undefined) return withLead(layout, section, input);
  }
  const users = layout.sections.filter((section) => section.role === 'user');
  const last = users.at(-1) ?? layout.sections.at(-1)!;
  return sectionEnd(layout, last);
}

/** The final input: the first input unit of the last message holding one (system messages last). */
export function finalInput(layout: TemplateLayout): { section: LayoutSection; unit: number } | undefined {
  const requests = layout.sections.filter((section) => section.role !== 'system');
  for (const section of [...requests.reverse(), ...layout.sections.filter((s) => s.role === 'system')]) {
    const unit = firstInputUnit(layout, section);
    if (unit !== undefined) return { section, unit };
  }
  return undefined;
}

/**
 * Where demonstrations go, as a unit index: right before the final input (before its label or
 * fence; after the instructions of its message); when variables appear only inside sentences,
 * at the start of the last message using them; with no variable at all, where an instruction goes.
 */
export function demonstrationPoint(layout: TemplateLayout): number {
  const input = finalInput(layout);
  if (input !== undefined) return withLead(layout, input.section, input.unit);
  // Variables only inside the request's sentences ("Write a haiku about {{topic}}."): before the request.
  const request = [...layout.sections]
    .reverse()
    .find((section) => section.role !== 'system' && holdsPlaceholder(layout, section));
  if (request === undefined) return instructionPoint(layout);
  let at = request.first;
  while (at < request.end && layout.units[at]!.kind === 'blank') at++;
  return at;
}

function holdsPlaceholder(layout: TemplateLayout, section: LayoutSection): boolean {
  if (section.end <= section.first) return false;
  const text = layout.lines.slice(
    layout.units[section.first]?.start ?? 0,
    layout.units[section.end - 1]?.end ?? 0,
  );
  return new RegExp(PLACEHOLDER.source).test(text.join('\n'));
}

/** The lines of the body after unit `index` in its message, skipping blank ones: the first, if any. */
export function nextLine(layout: TemplateLayout, section: LayoutSection, index: number): string | undefined {
  for (let at = index + 1; at < section.end; at++) {
    const unit = layout.units[at]!;
    if (unit.kind !== 'blank') return layout.lines.slice(unit.start, unit.end).join('\n');
  }
  return undefined;
}

/**
 * The body with `paragraph` inserted before unit `at` (at the end for `units.length`), set off by
 * blank lines from the text around it (not from a role marker, history or the body's edges).
 */
export function insertAtUnit(layout: TemplateLayout, at: number, paragraph: string): string {
  const { lines, units } = layout;
  const line = at < units.length ? units[at]!.start : lines.length;
  const before = lines.slice(0, line);
  const after = lines.slice(line);
  const separates = (text: string | undefined) =>
    text !== undefined && text.trim() !== '' && !ROLE_LINE.test(text) && !HISTORY_LINE.test(text);
  const inserted = [
    ...(separates(before.at(-1)) ? [''] : []),
    ...paragraph.split('\n'),
    ...(separates(after[0]) ? [''] : []),
  ];
  const rebuilt = [...before, ...inserted, ...after];
  // A body that was blank becomes the paragraph alone.
  const text = lines.every((entry) => entry.trim() === '') ? paragraph : rebuilt.join('\n');
  return layout.finalNewline ? `${text}\n` : text;
}

/** `body` with an instruction paragraph where an instruction goes (see instructionPoint). */
export function insertInstruction(body: string, paragraph: string): string {
  const layout = layoutOf(body);
  return insertAtUnit(layout, instructionPoint(layout), paragraph);
}

/** `body` with demonstrations where they go (see demonstrationPoint). */
export function insertDemonstrationBlock(body: string, block: string): string {
  const layout = layoutOf(body);
  return insertAtUnit(layout, demonstrationPoint(layout), block);
}
