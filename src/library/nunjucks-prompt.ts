import type { Message } from '../spec/model.ts';
import type { PromptVersion, ResolvedPrompt } from '../spec/prompt.ts';
import { PlumeError } from '../util/errors.ts';
import { sha256 } from '../util/hash.ts';
import { isPlainObject } from '../util/is-plain-object.ts';
import { safeJsonParse } from '../util/safe-json.ts';
import { normalizeContent } from './normalize-content.ts';
import { compileNunjucks, type NunjucksTemplate } from './nunjucks-template.ts';
import type { TemplateText } from './template-limits.ts';
import { resolveVarReferences } from './var-references.ts';

const ROLES: ReadonlySet<string> = new Set(['system', 'user', 'assistant']);

/**
 * The version hash of a promptfoo-format prompt: its text and the renderer's name, so the same
 * text rendered by Handlebars (a plume prompt) is another version, and a run or cache keyed by
 * it never mixes the two.
 */
export function nunjucksContentHash(content: string): string {
  return sha256(`nunjucks\n${normalizeContent(content)}`);
}

/**
 * A promptfoo-format prompt: a Nunjucks template whose rendering is one user message, or chat
 * messages when it is a JSON list of `{role, content}`.
 *
 * Data never adds a message. A template that is JSON itself (a .json, .yaml or .jsonl chat file,
 * inline JSON) keeps its structure: each of its strings is rendered on its own, so a value with
 * quotes or newlines stays inside its message (promptfoo renders JSON prompts the same way). A
 * template that becomes JSON only once rendered (`{% for %}` over turns) gives messages only when
 * rendering it with every quote and backslash taken out of the values gives the same roles: a
 * value that changes the messages leaves the text as one user message.
 * `source.body` is the text as written in its file (a YAML chat file's YAML), to locate errors.
 */
export function createNunjucksPrompt(version: PromptVersion, source: TemplateText): ResolvedPrompt {
  const parsed = safeJsonParse(version.content);
  const render =
    parsed.ok && parsed.value !== null && typeof parsed.value === 'object'
      ? structuredRenderer(parsed.value, source)
      : textRenderer({ ...source, body: version.content });
  return {
    name: version.name,
    version,
    params: {},
    async render(variables) {
      const messages = render(resolveVarReferences(variables));
      return { messages, params: {}, model: undefined, outputSchema: undefined };
    },
  };
}

type Renderer = (values: Readonly<Record<string, unknown>>) => Message[];

function textRenderer(source: TemplateText): Renderer {
  const template = compileNunjucks(source);
  return (values) => {
    const text = template(values);
    const chat = chatMessages(text, source);
    if (chat === undefined) return userMessage(text);
    const neutral = chatMessages(template(neutralValues(values) as Record<string, unknown>), source);
    if (neutral === undefined) return userMessage(text);
    return sameRoles(chat, neutral) ? chat : userMessage(text);
  };
}

/** Each string of a JSON template compiled as its own template; the rest kept as it is. */
function structuredRenderer(structure: object, source: TemplateText): Renderer {
  checkRoles(structure, source);
  const compile = (value: unknown): ((values: Readonly<Record<string, unknown>>) => unknown) => {
    if (typeof value === 'string') {
      if (!/\{[{%#]/.test(value)) return () => value;
      const template: NunjucksTemplate = compileNunjucks({
        file: source.file,
        body: value,
        bodyLine: lineOfString(source, value),
      });
      return template;
    }
    if (Array.isArray(value)) {
      const items = value.map(compile);
      return (values) => items.map((item) => item(values));
    }
    if (isPlainObject(value)) {
      const entries = Object.entries(value).map(([key, item]) => [key, compile(item)] as const);
      return (values) => Object.fromEntries(entries.map(([key, item]) => [key, item(values)]));
    }
    return () => value;
  };
  const render = compile(structure);
  return (values) => {
    const value = render(values);
    const messages = messagesOf(value, source);
    return messages ?? userMessage(JSON.stringify(value, null, 2));
  };
}

/**
 * Refuse, at its line, a chat file's message whose role, as written, is none plume can send
 * (a role filled in from a variable is checked when rendered).
 */
function checkRoles(structure: object, source: TemplateText): void {
  const bad = unsendableRole(structure);
  if (bad !== undefined) throw roleError(bad.role, source.file, lineOfString(source, bad.role));
}

/** A chat message's role plume cannot send, at the line it is written on. */
function roleError(role: string, file: string, line: number): PlumeError {
  return new PlumeError({
    code: 'PROMPT_INVALID',
    message: `a chat message has the role '${role}'`,
    location: { file, line },
    hint: CHAT_ROLES_HINT,
  });
}

/** How to write a chat message's role plume can send. */
export const CHAT_ROLES_HINT = 'use the roles system, user or assistant';

/**
 * The first message of a chat list whose role, as written, plume cannot send; undefined when
 * there is none, when the value is no chat list, or for a role a variable fills in.
 */
export function unsendableRole(structure: unknown): { index: number; role: string } | undefined {
  if (!Array.isArray(structure)) return undefined;
  for (const item of structure) {
    if (!isPlainObject(item) || typeof item.role !== 'string' || !('content' in item)) return undefined;
  }
  const index = (structure as { role: string }[]).findIndex(
    ({ role }) => !ROLES.has(role) && !/\{[{%#]/.test(role),
  );
  return index < 0 ? undefined : { index, role: (structure[index] as { role: string }).role };
}

/** The messages of a rendered chat prompt, or undefined when the text is not a JSON chat list. */
function chatMessages(text: string, source: TemplateText): Message[] | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[')) return undefined;
  const parsed = safeJsonParse(trimmed);
  return parsed.ok ? messagesOf(parsed.value, source) : undefined;
}

/**
 * A list of `{role, content}` as messages; undefined for any other value. Content may be text or
 * a list of text parts; a role plume cannot send, or a part that is not text, is an error.
 */
export function messagesOf(
  value: unknown,
  source: { file: string; bodyLine: number },
): Message[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  if (!value.every((item) => isPlainObject(item) && typeof item.role === 'string' && 'content' in item)) {
    return undefined;
  }
  return (value as { role: string; content: unknown }[]).map(({ role, content }) => {
    if (!ROLES.has(role)) throw roleError(role, source.file, source.bodyLine);
    return { role: role as Message['role'], content: contentText(content, source) };
  });
}

function contentText(content: unknown, source: { file: string; bodyLine: number }): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    const texts = content.map(partText);
    if (texts.every((text) => text !== undefined)) return texts.join('');
  }
  if (content === null || typeof content !== 'object') return content === null ? '' : String(content);
  throw new PlumeError({
    code: 'PROMPT_INVALID',
    message: 'a chat message has content that is neither text nor text parts',
    location: { file: source.file, line: source.bodyLine },
    hint: 'write content as a string (images and other media are not supported yet)',
  });
}

// The text of a text part: OpenAI's and Anthropic's `{type: text, text}`, Adaline's `{modality: text, value}`.
function partText(part: unknown): string | undefined {
  if (!isPlainObject(part)) return undefined;
  if (part.type === 'text' && typeof part.text === 'string') return part.text;
  if (part.modality === 'text' && typeof part.value === 'string') return part.value;
  return undefined;
}

/** Text as one user message, trimmed; none when it is blank. */
export function userMessage(text: string): Message[] {
  const content = text.trim();
  return content.length > 0 ? [{ role: 'user', content }] : [];
}

function sameRoles(left: readonly Message[], right: readonly Message[]): boolean {
  return left.length === right.length && left.every((message, index) => message.role === right[index]!.role);
}

// The values with every quote, backslash and line break of their strings replaced: what the
// template's own structure renders to, whatever the data holds.
function neutralValues(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/["\\]/g, "'").replace(/[\u0000-\u001f]/g, ' ');
  if (Array.isArray(value)) return value.map(neutralValues);
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, neutralValues(item)]));
  }
  return value;
}

// The file line where a string of a JSON template is written (its first line), or the file's first.
function lineOfString(source: TemplateText, value: string): number {
  const written = JSON.stringify(value).slice(1, -1);
  const at = source.body.indexOf(written);
  if (at < 0) return source.bodyLine;
  let line = source.bodyLine;
  for (
    let index = source.body.indexOf('\n');
    index >= 0 && index < at;
    index = source.body.indexOf('\n', index + 1)
  )
    line++;
  return line;
}
