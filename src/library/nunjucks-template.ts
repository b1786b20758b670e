import type { Environment, Template } from 'nunjucks';
import { PlumeError } from '../util/errors.ts';
import { lazyModule } from '../util/lazy-module.ts';
import { TEMPLATE_LIMITS, type TemplateText } from './template-limits.ts';

/** The parts of the nunjucks package used here; loaded on the first promptfoo-format template. */
interface Nunjucks {
  Environment: new (loaders: [], options: { autoescape: boolean; throwOnUndefined: boolean }) => Environment;
  Template: new (source: string, environment: Environment, path: string, eager: boolean) => Template;
  parser: { parse(source: string): SyntaxNode };
  nodes: { Filter: unknown };
}

/** A node of Nunjucks' syntax tree: a filter's name is a symbol node; lines are 0-based. */
interface SyntaxNode {
  findAll(type: unknown): SyntaxNode[];
  name?: { value?: unknown };
  lineno: number;
  colno: number;
}

const nunjucks = lazyModule<Nunjucks>('nunjucks');
/** Nunjucks' runtime, shared by every template: each `{% for %}` starts by a call of its fromIterator. */
const nunjucksRuntime = lazyModule<{ fromIterator(value: unknown): unknown }>('nunjucks/src/runtime.js');

/**
 * What a Nunjucks template may hold and do. Its tags are bounded as Handlebars' are, `range()` is
 * capped (the one loop a template can make without data), and the text it renders is bounded.
 */
export const NUNJUCKS_LIMITS = {
  characters: TEMPLATE_LIMITS.characters,
  /** `{{ }}` and `{% %}` tags. */
  tags: TEMPLATE_LIMITS.tags,
  rangeItems: 10_000,
  /** Turns of every `{% for %}` of one rendering together (nested loops multiply). */
  loopTurns: 100_000,
  renderedCharacters: 10_000_000,
} as const;

/** A compiled Nunjucks template: values in, text out. */
export type NunjucksTemplate = (values: Readonly<Record<string, unknown>>) => string;

let environment: Environment | undefined;

/**
 * The one environment promptfoo-format templates render in, configured as promptfoo's: no
 * autoescaping, a missing value renders as nothing, plus its `load` filter (JSON text to a value).
 * Nunjucks' own filters (`dump`, `upper`, `join`, `default`, ...) are all there. Unlike promptfoo,
 * no `env` global: templates from others must not read plume's environment (keys live there).
 */
function nunjucksEnvironment(): Environment {
  if (environment !== undefined) return environment;
  const created = new (nunjucks().Environment)([], { autoescape: false, throwOnUndefined: false });
  created.addFilter('load', (text: unknown) => (typeof text === 'string' ? JSON.parse(text) : text));
  created.addGlobal('range', boundedRange);
  countLoopTurns();
  environment = created;
  return created;
}

// Turns left to the rendering under way; renderings are synchronous, so one at a time.
let turnsLeft = Number.POSITIVE_INFINITY;

/**
 * Make every loop count its turns against the rendering's budget before it starts: a template
 * looping over its data in nested loops would otherwise run for as long as the product of their
 * sizes. Nunjucks calls `fromIterator` on the value of each `{% for %}` as the loop starts.
 */
function countLoopTurns(): void {
  const runtime = nunjucksRuntime();
  const fromIterator = runtime.fromIterator;
  runtime.fromIterator = (value: unknown) => {
    const items = fromIterator(value);
    if (items !== null && typeof items === 'object') {
      turnsLeft -= Array.isArray(items) ? items.length : Object.keys(items).length;
      if (turnsLeft < 0) {
        throw new Error(`the loops turn more than ${NUNJUCKS_LIMITS.loopTurns} times in all`);
      }
    }
    return items;
  };
}

function boundedRange(start: number, stop?: number, step = 1): number[] {
  const [from, to] = stop === undefined ? [0, start] : [start, stop];
  if (step === 0 || !Number.isFinite(from) || !Number.isFinite(to)) return [];
  const count = Math.max(0, Math.ceil((to - from) / step));
  if (count > NUNJUCKS_LIMITS.rangeItems) {
    throw new Error(`range() of ${count} items; the limit is ${NUNJUCKS_LIMITS.rangeItems}`);
  }
  return Array.from({ length: count }, (_, index) => from + index * step);
}

/**
 * Compile a Nunjucks (Jinja-like) template now, so a syntax error is reported when the suite
 * loads, at its file:line; a render error (an unknown filter, a failing filter) is reported at the
 * same place when it renders.
 */
export function compileNunjucks(source: TemplateText): NunjucksTemplate {
  checkNunjucksLimits(source);
  let template: Template;
  try {
    template = new (nunjucks().Template)(source.body, nunjucksEnvironment(), source.file, true);
  } catch (error) {
    throw nunjucksError(error, source);
  }
  checkFilters(source);
  return (values) => {
    let text: string;
    turnsLeft = NUNJUCKS_LIMITS.loopTurns;
    try {
      text = template.render(values as object);
    } catch (error) {
      throw nunjucksError(error, source);
    } finally {
      turnsLeft = Number.POSITIVE_INFINITY;
    }
    if (text.length > NUNJUCKS_LIMITS.renderedCharacters) {
      throw new PlumeError({
        code: 'PROMPT_INVALID',
        message: `the template rendered ${text.length} characters; the limit is ${NUNJUCKS_LIMITS.renderedCharacters}`,
        location: { file: source.file, line: source.bodyLine },
        hint: 'check the loops of the template ({% for %}) and the size of the variables they read',
      });
    }
    return text;
  };
}

/** A filter Nunjucks does not know fails only when it renders: report it when the template compiles. */
function checkFilters(source: TemplateText): void {
  if (!source.body.includes('|') && !source.body.includes('filter')) return;
  const { parser, nodes } = nunjucks();
  const known = nunjucksEnvironment() as unknown as { filters: Record<string, unknown> };
  for (const node of parser.parse(source.body).findAll(nodes.Filter)) {
    const name = node.name?.value;
    if (typeof name === 'string' && !Object.hasOwn(known.filters, name)) {
      throw new PlumeError({
        code: 'PROMPT_INVALID',
        message: `Nunjucks (Jinja-style) template error: unknown filter '${name}'`,
        location: { file: source.file, line: source.bodyLine + node.lineno },
        hint: FILTERS_HINT,
      });
    }
  }
}

const FILTERS_HINT =
  "use one of Nunjucks' filters (upper, lower, trim, replace, join, length, first, last, default, dump, safe, truncate, ...) or load (JSON text to a value)";

function checkNunjucksLimits(source: TemplateText): void {
  const { body } = source;
  if (body.length > NUNJUCKS_LIMITS.characters) {
    throw new PlumeError({
      code: 'PROMPT_INVALID',
      message: `the template is ${body.length} characters long; the limit is ${NUNJUCKS_LIMITS.characters}`,
      location: { file: source.file },
      hint: 'pass long reference text in a variable (a file:// variable in a suite) rather than in the template',
    });
  }
  let tags = 0;
  for (const match of body.matchAll(/\{\{|\{%/g)) {
    if (++tags > NUNJUCKS_LIMITS.tags) {
      throw new PlumeError({
        code: 'PROMPT_INVALID',
        message: `the template holds more than ${NUNJUCKS_LIMITS.tags} {{ }} and {% %} tags`,
        location: { file: source.file, line: lineOf(source, match.index) },
        hint: 'pass repeated parts as one list variable and loop over it with {% for %}',
      });
    }
  }
}

/**
 * A Nunjucks error as a PlumeError at file:line. Nunjucks writes `(path) [Line l, Column c]` and
 * the parser's message; template text it may quote is left out.
 */
export function nunjucksError(error: unknown, source: TemplateText): PlumeError {
  const text = error instanceof Error ? error.message : String(error);
  const position = /\[Line (\d+), Column (\d+)\]/.exec(text);
  const detail =
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0 && !/^\(.*\)( \[Line \d+, Column \d+\])?$/.test(line))
      .map((line) => line.replace(/^Error: /, ''))
      .at(-1) ?? text;
  const filter = /^filter not found: (\S+)/.exec(detail)?.[1];
  // Without a position (a block left open at the end), the template's first line.
  let line = position ? source.bodyLine + Number(position[1]) - 1 : source.bodyLine;
  if (filter !== undefined && !position) {
    const at = source.body.search(new RegExp(`\\|\\s*${filter.replace(/\W/g, '\\$&')}\\b`));
    if (at >= 0) line = lineOf(source, at);
  }
  return new PlumeError({
    code: 'PROMPT_INVALID',
    message: `Nunjucks (Jinja-style) template error: ${detail}`,
    location: {
      // Nunjucks' column is the template's, not the file's once a template is indented in YAML.
      file: source.file,
      line,
    },
    hint:
      filter !== undefined
        ? FILTERS_HINT
        : 'check the tags on this line: every {{ needs its }}, every {% if %} / {% for %} its {% endif %} / {% endfor %}; write {% raw %}...{% endraw %} around text that must keep its braces',
    cause: error,
  });
}

function lineOf(source: TemplateText, index: number): number {
  let line = source.bodyLine;
  for (let at = source.body.indexOf('\n'); at >= 0 && at < index; at = source.body.indexOf('\n', at + 1))
    line++;
  return line;
}
