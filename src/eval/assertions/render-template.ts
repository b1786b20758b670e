const PLACEHOLDER = /\{\{\s*([\w$-]+(?:\.[\w$-]+)*)\s*\}\}/g;

/**
 * Fill `{{name}}` and `{{name.field}}` placeholders from values: strings as they are, other
 * values as JSON, missing ones as nothing (as Nunjucks does for promptfoo users).
 */
export function renderTemplate(template: string, values: Readonly<Record<string, unknown>>): string {
  return template.replace(PLACEHOLDER, (_, path: string) => {
    let current: unknown = values;
    for (const key of path.split('.')) {
      if (current === null || typeof current !== 'object') return '';
      current = Object.hasOwn(current, key) ? (current as Record<string, unknown>)[key] : undefined;
    }
    if (current === undefined || current === null) return '';
    return typeof current === 'string' ? current : JSON.stringify(current);
  });
}

/** Whether a config value holds a placeholder anywhere, so it must be rendered per cell. */
export function hasPlaceholder(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{');
  if (Array.isArray(value)) return value.some(hasPlaceholder);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasPlaceholder);
  return false;
}

/** A copy of a config value with every string rendered. */
export function renderDeep(value: unknown, values: Readonly<Record<string, unknown>>): unknown {
  if (typeof value === 'string') return renderTemplate(value, values);
  if (Array.isArray(value)) return value.map((item) => renderDeep(item, values));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderDeep(item, values)]));
  }
  return value;
}
