import type { AssertionEntry } from '../../spec/assertion.ts';
import { configError } from './assertion-config.ts';
import { hasPlaceholder, renderTemplate } from './render-template.ts';

const PLACEHOLDERS = /\{\{\s*([\w$-]+(?:\.[\w$-]+)*)\s*\}\}/g;

/** A metric name as a function of the test's variables. */
export type MetricName = (vars: Readonly<Record<string, unknown>>) => string | undefined;

const NO_METRIC: MetricName = () => undefined;

/**
 * A check's metric name, rendered with the test's variables like its value is (`group-{{group}}`
 * gives `group-fr` for a test whose `group` is `fr`), so a report can total the checks per value.
 * Throws a config error for braces that are not a `{{name}}` or `{{name.field}}` placeholder.
 */
export function metricName(metric: string | undefined): MetricName {
  if (metric === undefined) return NO_METRIC;
  if (!hasPlaceholder(metric)) return () => metric;
  const stray = metric.replace(PLACEHOLDERS, '');
  if (stray.includes('{{') || stray.includes('}}')) {
    throw configError(
      `metric "${metric}" has braces that are not a placeholder`,
      'write {{name}} or {{name.field}}, naming one of the test’s variables (filters and expressions are not supported in metric names)',
    );
  }
  return (vars) => renderTemplate(metric, vars);
}

/** The variables (first name of each placeholder) the metric names of an `assert` list use. */
export function metricVariables(entries: readonly AssertionEntry[]): string[] {
  const names = new Set<string>();
  const visit = (list: readonly AssertionEntry[]): void => {
    for (const entry of list) {
      if (entry.metric?.includes('{{')) {
        for (const match of entry.metric.matchAll(PLACEHOLDERS)) names.add(match[1]!.split('.')[0]!);
      }
      if (entry.type === 'assert-set') visit(entry.assert);
    }
  };
  visit(entries);
  return [...names];
}
