import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { CHAT_ROLES_HINT, unsendableRole } from '../../library/nunjucks-prompt.ts';
import type { SourceLocation } from '../../util/errors.ts';
import type { ReadScope } from '../../util/read-scope.ts';
import { parseYamlSource } from '../../util/yaml-source.ts';
import { suiteError } from './suite-error.ts';

/** One prompt read from a promptfoo-format prompt file: its text, the line it starts on, its label if the file gives one. */
export interface PromptFileText {
  text: string;
  line: number;
  label?: string;
}

/** How each promptfoo prompt file extension is read: one prompt or several. */
const READERS: Record<string, (content: string, file: string) => PromptFileText[]> = {
  '.txt': separatedSections,
  '.md': wholeFile,
  '.j2': wholeFile,
  '.json': wholeFile,
  '.yaml': yamlChat,
  '.yml': yamlChat,
  '.jsonl': jsonLines,
  '.csv': csvPrompts,
};

/** Prompt functions (`file://prompt.js:name`): promptfoo runs them as code. */
const FUNCTION_FILE = /\.(?:[cm]?js|[cm]?ts|py)$/i;

/** Whether a path names a promptfoo-format prompt file (read by plume as Nunjucks templates). */
export function isPromptfooPromptFile(path: string): boolean {
  return Object.hasOwn(READERS, extname(path).toLowerCase());
}

/** Whether a path (with an optional `:functionName`) names a prompt function file. */
export function isPromptFunction(path: string): boolean {
  return FUNCTION_FILE.test(path.replace(/:[A-Za-z_$][\w$]*$/, ''));
}

/**
 * The prompts of a promptfoo prompt file, as promptfoo reads each kind: a `.txt` holds prompts
 * separated by lines of `---`; `.md`, `.j2` and `.json` are one prompt each; a `.yaml` chat file is
 * one prompt (its value as JSON); each line of a `.jsonl` is one; a `.csv` has one per line, or
 * per row of a `prompt` column (with an optional `label` column).
 */
export function readPromptFile(file: string, scope: ReadScope, at: () => SourceLocation): PromptFileText[] {
  const content = scope
    .readText(file, at)
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n');
  const texts = READERS[extname(file).toLowerCase()]!(content, file);
  if (texts.length === 0) {
    throw suiteError(`prompt file ${file} holds no prompt`, at(), 'write the prompt text in the file');
  }
  return texts;
}

function wholeFile(content: string): PromptFileText[] {
  return content.trim().length === 0 ? [] : [{ text: content, line: 1 }];
}

// promptfoo's separator: a line that is `---` once trimmed; each section trimmed, empty ones dropped.
function separatedSections(content: string): PromptFileText[] {
  const texts: PromptFileText[] = [];
  let lines: string[] = [];
  let start = 1;
  const flush = (next: number): void => {
    const text = lines.join('\n');
    const trimmed = text.trim();
    if (trimmed.length > 0) {
      const leading = text.slice(0, text.indexOf(trimmed)).split('\n').length - 1;
      texts.push({ text: trimmed, line: start + leading });
    }
    lines = [];
    start = next;
  };
  content.split('\n').forEach((line, index) => {
    if (line.trim() === '---') flush(index + 2);
    else lines.push(line);
  });
  flush(0);
  return texts;
}

function yamlChat(content: string, file: string): PromptFileText[] {
  const source = parseYamlSource(content, file, 0, 'SUITE_INVALID');
  const { value } = source;
  const bad = unsendableRole(value);
  if (bad !== undefined) {
    throw suiteError(
      `a chat message has the role '${bad.role}'`,
      source.locate([bad.index, 'role']),
      CHAT_ROLES_HINT,
    );
  }
  return value === undefined || value === null ? [] : [{ text: JSON.stringify(value), line: 1 }];
}

function jsonLines(content: string): PromptFileText[] {
  return content
    .split('\n')
    .map((text, index) => ({ text, line: index + 1 }))
    .filter(({ text }) => text.trim().length > 0);
}

function csvPrompts(content: string, file: string): PromptFileText[] {
  if (!content.includes(',')) {
    const rows = content
      .split('\n')
      .map((text, index) => ({ text: text.trim(), line: index + 1 }))
      .filter(({ text }) => text.length > 0);
    return rows[0]?.text.toLowerCase() === 'prompt' ? rows.slice(1) : rows;
  }
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parseCsv(content, {
      columns: true,
      info: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
    });
  } catch (error) {
    throw suiteError(
      `prompt file ${file} is not valid CSV: ${error instanceof Error ? error.message : error}`,
      { file },
      'write a header row with a prompt column (and an optional label column)',
    );
  }
  return records
    .filter(({ record }) => typeof record.prompt === 'string' && record.prompt.length > 0)
    .map(({ record, info }) => ({
      text: record.prompt!,
      line: info.lines,
      ...(record.label ? { label: record.label } : {}),
    }));
}
