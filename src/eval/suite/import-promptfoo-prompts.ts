import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { plainRenderer } from '../../library/plain-template.ts';
import { formatPromptFile } from '../../library/prompt-writer.ts';
import { isGlob } from '../../util/glob.ts';

/** A prompt file an import writes: where, its text, and what it was made from. */
export interface ImportedPromptFile {
  /** Absolute path of the `.prompt` file. */
  path: string;
  content: string;
  /** `prompts.1 (inline)` or `prompts.0 (file://prompt.txt)`. */
  from: string;
}

const FILE = 'file://';
// Text files promptfoo reads as one template (it splits a .txt on `---` lines: those stay as they are).
const TEXT_PROMPT = /\.(txt|md)$/i;

/**
 * The prompts of a config for a suite in `outDir`: each inline prompt or text file whose template
 * Handlebars renders exactly as Nunjucks does (plain `{{name}}` and `{{a.b}}` substitutions, no
 * `{% %}` or `{# #}`, not a JSON chat, no surrounding whitespace, which Dotprompt trims) becomes a
 * Dotprompt file under `outDir/prompts/`; every other prompt is kept as written.
 */
export function importPrompts(
  prompts: unknown,
  baseDir: string,
  outDir: string,
): { prompts: unknown; files: ImportedPromptFile[] } {
  if (prompts === undefined) return { prompts, files: [] };
  const files: ImportedPromptFile[] = [];
  const taken = new Set<string>();
  const list = Array.isArray(prompts) ? prompts : [prompts];
  const converted = list.map((entry, index) => {
    const { text, label, origin } = promptText(entry, baseDir);
    if (text === undefined || !rendersTheSame(text)) return rebaseFilePaths(entry, baseDir, outDir);
    const name = uniqueName(label ?? origin ?? `prompt-${index + 1}`, taken);
    const path = join(outDir, 'prompts', `${name}.prompt`);
    files.push({
      path,
      content: formatPromptFile({}, text),
      from: `prompts.${index} (${origin ?? 'inline'})`,
    });
    const id = `${FILE}${relative(outDir, path)}`;
    return label === undefined ? id : { id, label };
  });
  return { prompts: Array.isArray(prompts) ? converted : converted[0], files };
}

/** The template of a prompt entry, when it is inline text or a text file; its label and file. */
function promptText(
  entry: unknown,
  baseDir: string,
): { text: string | undefined; label: string | undefined; origin: string | undefined } {
  const object = entry !== null && typeof entry === 'object' ? (entry as Record<string, unknown>) : undefined;
  const label = typeof object?.label === 'string' ? object.label : undefined;
  const written = typeof entry === 'string' ? entry : (object?.raw ?? object?.id);
  if (typeof written !== 'string') return { text: undefined, label, origin: undefined };
  if (object?.raw !== undefined) return { text: written, label, origin: undefined };
  const path = written.startsWith(FILE) ? written.slice(FILE.length) : undefined;
  if (path !== undefined) {
    const file = resolve(baseDir, path);
    const readable = TEXT_PROMPT.test(path) && !isGlob(path) && existsSync(file);
    const text = readable ? readFileSync(file, 'utf8') : undefined;
    return { text: text?.includes('\n---') ? undefined : text, label, origin: written };
  }
  // A single word is a library reference (normalize-prompts.ts); only text with spaces or tags is inline.
  return { text: /\s|\{\{/.test(written) ? written : undefined, label, origin: undefined };
}

function rendersTheSame(text: string): boolean {
  if (text !== text.trim() || text.includes('\r') || /\{%|\{#|#\}/.test(text)) return false;
  if (/^[[{]/.test(text)) {
    try {
      JSON.parse(text);
      return false; // promptfoo reads it as a chat (a list of messages).
    } catch {
      // Not JSON: text.
    }
  }
  return plainRenderer(text) !== undefined;
}

function uniqueName(written: string, taken: Set<string>): string {
  const stem = basename(written.replace(/^file:\/\//, ''), extname(written)) || 'prompt';
  const base =
    stem
      .replace(/[^\w.-]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '')
      .slice(0, 60) || 'prompt';
  let name = base;
  for (let copy = 2; taken.has(name); copy++) name = `${base}-${copy}`;
  taken.add(name);
  return name;
}

/** Every `file://` path of `value` (relative to `baseDir`) made relative to `outDir`. */
export function rebaseFilePaths(value: unknown, baseDir: string, outDir: string): unknown {
  if (resolve(baseDir) === resolve(outDir)) return value;
  if (typeof value === 'string') {
    if (!value.startsWith(FILE)) return value;
    const path = value.slice(FILE.length);
    if (isAbsolute(path)) return value;
    return `${FILE}${relative(outDir, resolve(baseDir, path)) || '.'}`;
  }
  if (Array.isArray(value)) return value.map((item) => rebaseFilePaths(item, baseDir, outDir));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, rebaseFilePaths(inner, baseDir, outDir)]),
  );
}
