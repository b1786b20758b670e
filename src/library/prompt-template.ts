import type { Dotprompt, Message as DotpromptMessage, PromptFunction } from 'dotprompt';
import type { PromptData, PromptMessage, PromptPart } from '../spec/prompt.ts';
import { PlumeError } from '../util/errors.ts';
import type { PartialLoader } from './partials.ts';
import { plainRenderer } from './plain-template.ts';
import { templateError } from './template-error.ts';
import { checkTemplateLimits } from './template-limits.ts';
import { MARKER, neutralizeMarkers, restoreMarkers, restoreValue } from './variable-markers.ts';

/** The template part of a prompt document: its body and where it starts. */
export interface TemplateSource {
  file: string;
  body: string;
  bodyLine: number;
  /** What `{{@metadata.prompt.*}}` reads: the prompt's metadata, as Dotprompt resolves it. */
  metadata?: Record<string, unknown>;
}

/** A compiled template: variables, context and earlier turns in, Dotprompt's messages out. */
export interface PromptTemplate {
  render(data: PromptData): Promise<PromptMessage[]>;
}

/** How a template treats its variables. */
export interface TemplateOptions {
  /** Let variables hold Dotprompt's markers (`<<<dotprompt:role:system>>>`) that start messages. */
  trustVariables?: boolean;
}

/**
 * Compile a Handlebars body with Dotprompt (roles, history, partials, helpers). Syntax errors,
 * unknown helpers, missing partials and a template past TEMPLATE_LIMITS are reported now, at
 * file:line, not at the first render.
 * A plain body (text and `{{a.b}}` substitutions) renders without Dotprompt, which is loaded
 * (some 30 ms) and compiled only for a render the plain renderer declines.
 */
export async function compilePromptTemplate(
  source: TemplateSource,
  loadPartial: PartialLoader,
  options: TemplateOptions = {},
): Promise<PromptTemplate> {
  const template = await compileTemplate(source, loadPartial);
  return options.trustVariables ? template : untrustedVariables(template);
}

/**
 * Variables are data, often from others: none may start a message (see variable-markers.ts).
 * Values are neutralized before rendering and restored in the messages; values without a `<`
 * are rendered as they are.
 */
function untrustedVariables(template: PromptTemplate): PromptTemplate {
  return {
    async render(data) {
      const safe = neutralizeMarkers(data);
      if (safe === data) return template.render(data);
      // Earlier turns are neutralized too, only so that restoring gives them back exactly.
      const messages = await template.render(safe);
      return messages.map((message) => ({ ...message, content: message.content.map(restorePart) }));
    },
  };
}

function restorePart(part: PromptPart): PromptPart {
  if ('text' in part) return { ...part, text: restoreMarkers(part.text) };
  if ('media' in part) {
    const { url, contentType } = part.media;
    const media = {
      url: restoreMarkers(url),
      ...(contentType ? { contentType: restoreMarkers(contentType) } : {}),
    };
    return { ...part, media };
  }
  return part;
}

async function compileTemplate(source: TemplateSource, readPartial: PartialLoader): Promise<PromptTemplate> {
  // The partials checked are the ones compiled, each read once.
  const partials = new Map<string, ReturnType<PartialLoader>>();
  const loadPartial: PartialLoader = (name) => {
    if (!partials.has(name)) partials.set(name, readPartial(name));
    return partials.get(name);
  };
  checkTemplateLimits(source, loadPartial);
  checkRoles(source);
  const plain = plainRenderer(source.body);
  if (plain === undefined) return compileWithDotprompt(source, loadPartial);
  let full: Promise<PromptTemplate> | undefined;
  return {
    async render(data) {
      if (data.messages === undefined || data.messages.length === 0) {
        const text = plain(data.input ?? {});
        // A value holding Dotprompt's markers would start a new message: Dotprompt sorts that out.
        if (text !== undefined && !text.includes(MARKER)) return userMessage(text);
      }
      full ??= compileWithDotprompt(source, loadPartial);
      return (await full).render(data);
    },
  };
}

async function compileWithDotprompt(
  source: TemplateSource,
  loadPartial: PartialLoader,
): Promise<PromptTemplate> {
  const { Dotprompt } = await import('dotprompt');
  const missing: string[] = [];
  const dotprompt = new Dotprompt({
    partialResolver: (name) => {
      const partial = loadPartial(name);
      if (!partial) missing.push(name);
      // Dotprompt treats '' as not found; an empty comment renders nothing.
      return partial ? partial.template || '{{!}}' : null;
    },
  });
  isolateHandlebars(dotprompt);
  compareAsWritten(dotprompt);
  fixMetadata(dotprompt, source.metadata ?? {});
  let compiled: PromptFunction;
  try {
    compiled = await dotprompt.compile({ template: source.body, ext: {}, config: {}, metadata: {}, raw: {} });
  } catch (error) {
    throw templateError(error, source);
  }
  if (missing.length > 0) throw missingPartialError(missing[0]!, source);
  // Handlebars compiles lazily, on the first call: make that call now so errors surface at load time.
  await compiled({ input: {} }).catch((error: unknown) => {
    throw templateError(error, source);
  });
  return {
    async render(data) {
      const rendered = await compiled(data as Parameters<PromptFunction>[0]);
      return rendered.messages.map((message) => fromDotpromptMessage(message, source));
    },
  };
}

// All Dotprompt makes of a string without markers: one user message, or none if it is blank.
function userMessage(text: string): PromptMessage[] {
  return text.trim().length > 0 ? [{ role: 'user', content: [{ text }] }] : [];
}

interface HandlebarsEnvironment {
  create(): HandlebarsEnvironment;
  helpers: Record<string, unknown>;
  registerHelper(name: string, helper: unknown): void;
  /** Set on the module only, not on environments made by create(); Dotprompt walks templates with it. */
  Visitor: unknown;
}

/**
 * Every Dotprompt instance shares the one Handlebars module, so a partial registered for one
 * project would be served to another that uses the same partial name. Give this instance its own
 * Handlebars environment, with the helpers Dotprompt registered.
 */
function isolateHandlebars(dotprompt: Dotprompt): void {
  const holder = dotprompt as unknown as { handlebars?: HandlebarsEnvironment };
  const shared = holder.handlebars;
  if (!shared || typeof shared.create !== 'function') return;
  const own = shared.create();
  own.Visitor = shared.Visitor;
  for (const [name, helper] of Object.entries(shared.helpers)) {
    if (!(name in own.helpers)) own.registerHelper(name, helper);
  }
  holder.handlebars = own;
}

/**
 * ifEquals and unlessEquals compare a variable with the template's text: a neutralized value is
 * compared as it was written (`{{#ifEquals op "<"}}`).
 */
function compareAsWritten(dotprompt: Dotprompt): void {
  const environment = (dotprompt as unknown as { handlebars?: HandlebarsEnvironment }).handlebars;
  if (!environment) return;
  for (const name of ['ifEquals', 'unlessEquals']) {
    const helper = environment.helpers[name];
    if (typeof helper !== 'function') continue;
    environment.registerHelper(
      name,
      function (this: unknown, left: unknown, right: unknown, options: unknown) {
        return helper.call(this, restoreValue(left), restoreValue(right), options);
      },
    );
  }
}

/**
 * Dotprompt resolves a template's metadata (front matter merged with defaults, tools, schemas) on
 * every render, though it depends only on the template: a third of rendering a cell. plume has
 * resolved it once already (see resolved-prompt.ts); this instance reads that, for
 * `{{@metadata.prompt.*}}`.
 */
function fixMetadata(dotprompt: Dotprompt, metadata: Record<string, unknown>): void {
  const holder = dotprompt as unknown as { renderMetadata?: unknown };
  if (typeof holder.renderMetadata !== 'function') return;
  const resolved = Promise.resolve(metadata);
  holder.renderMetadata = () => resolved;
}

function missingPartialError(name: string, source: TemplateSource): PlumeError {
  const index = source.body.search(new RegExp(`\\{\\{#?>\\s*${escapeRegExp(name)}(?![\\w/.-])`));
  const line = index < 0 ? undefined : source.bodyLine + countLines(source.body.slice(0, index));
  const parts = name.split('/');
  const file = [...parts.slice(0, -1), `_${parts.at(-1)}.prompt`].join('/');
  return new PlumeError({
    code: 'PROMPT_INVALID',
    message: `partial '${name}' not found`,
    location: { file: source.file, ...(line === undefined ? {} : { line }) },
    hint: `create ${file} in the prompts folder, or fix the name in {{> ${name}}}`,
  });
}

// plume has long accepted `{{role "assistant"}}`: it is Dotprompt's `model`.
const ROLES: Record<string, PromptMessage['role'] | undefined> = {
  system: 'system',
  user: 'user',
  model: 'model',
  assistant: 'model',
  tool: 'tool',
};

// `{{role "name"}}` written with its name, whitespace control and either quote.
const ROLE_HELPER = /\{\{~?\s*role\s+(["'])([^"'\n]*)\1\s*~?\}\}/g;

/** Refuse, at its line, a `{{role "…"}}` naming a role Dotprompt has not, before anything renders. */
function checkRoles(source: TemplateSource): void {
  for (const found of source.body.matchAll(ROLE_HELPER)) {
    if (!Object.hasOwn(ROLES, found[2]!)) throw roleError(found[2]!, source, found.index);
  }
}

/** A role Dotprompt has not, at the line of the `{{role}}` that names it (found in the body when not given). */
function roleError(role: string, source: TemplateSource, index?: number): PlumeError {
  const at = index ?? [...source.body.matchAll(ROLE_HELPER)].find((found) => found[2] === role)?.index;
  const line = at === undefined ? undefined : source.bodyLine + countLines(source.body.slice(0, at));
  return new PlumeError({
    code: 'PROMPT_INVALID',
    message: `role '${role}' is not a Dotprompt role`,
    location: { file: source.file, ...(line === undefined ? {} : { line }) },
    hint: 'use {{role "system"}}, {{role "user"}}, {{role "model"}} or {{role "tool"}}',
  });
}

function fromDotpromptMessage(message: DotpromptMessage, source: TemplateSource): PromptMessage {
  const role = Object.hasOwn(ROLES, message.role) ? ROLES[message.role] : undefined;
  if (!role) throw roleError(message.role, source);
  const rendered = message as PromptMessage;
  return role === rendered.role ? rendered : { ...rendered, role };
}

function countLines(text: string): number {
  let count = 0;
  for (const character of text) if (character === '\n') count++;
  return count;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
