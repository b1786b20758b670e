import { compileNunjucks, type NunjucksTemplate } from '../../library/nunjucks-template.ts';
import { isPlumeError } from '../../util/errors.ts';
import { isPlainObject } from '../../util/is-plain-object.ts';
import { configError } from './assertion-config.ts';

// Templates compiled once each; a suite whose values differ per test compiles one per test.
const COMPILED_CACHE_SIZE = 1_000;
const compiled = new Map<string, NunjucksTemplate>();

/**
 * Render a config value's template with Nunjucks, as promptfoo renders assertion values and
 * metric names: filters, `{% if %}`, `{% for %}`. Strings print as they are, other values as JSON
 * (where Nunjucks would print `[object Object]`), missing ones as nothing. A template Nunjucks
 * cannot read is a config error (compileAssertions adds where it is written).
 */
export function renderTemplate(template: string, values: Readonly<Record<string, unknown>>): string {
  return compiledTemplate(template)(printable(values) as Record<string, unknown>);
}

/** Check every template in a config value now, so a syntax error is reported when the suite loads. */
export function checkTemplates(value: unknown): void {
  if (typeof value === 'string') {
    if (hasPlaceholder(value)) compiledTemplate(value);
  } else if (Array.isArray(value)) {
    for (const item of value) checkTemplates(item);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) checkTemplates(item);
  }
}

function compiledTemplate(template: string): NunjucksTemplate {
  let found = compiled.get(template);
  if (found !== undefined) return found;
  try {
    found = compileNunjucks({ file: 'template', body: template, bodyLine: 1 });
  } catch (error) {
    throw configError(
      isPlumeError(error) ? error.message : String(error),
      isPlumeError(error) ? error.hint : undefined,
    );
  }
  if (compiled.size >= COMPILED_CACHE_SIZE) compiled.clear();
  compiled.set(template, found);
  return found;
}

const toJson = function (this: unknown): string {
  return JSON.stringify(this);
};

// A copy of the values whose lists and objects print as JSON; their fields read as before.
function printable(value: unknown): unknown {
  if (Array.isArray(value)) {
    const copy = value.map(printable);
    Object.defineProperty(copy, 'toString', { value: () => JSON.stringify(value) });
    return copy;
  }
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = printable(item);
    Object.defineProperty(copy, 'toString', { value: toJson.bind(value) });
    return copy;
  }
  return value;
}

/** Whether a config value holds a template tag anywhere, so it must be rendered per cell. */
export function hasPlaceholder(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{') || value.includes('{%');
  if (Array.isArray(value)) return value.some(hasPlaceholder);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasPlaceholder);
  return false;
}

/** A copy of a config value with every string rendered. */
export function renderDeep(value: unknown, values: Readonly<Record<string, unknown>>): unknown {
  if (typeof value === 'string') return hasPlaceholder(value) ? renderTemplate(value, values) : value;
  if (Array.isArray(value)) return value.map((item) => renderDeep(item, values));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderDeep(item, values)]));
  }
  return value;
}
