import type { AssertionEntry } from '../../spec/assertion.ts';
import { checkTemplates, hasPlaceholder, renderTemplate } from './render-template.ts';

// The variable a `{{name}}`, `{{name.field}}` or `{{ name | filter }}` starts from.
const PLACEHOLDERS = /\{\{-?\s*([\w$]+)/g;

/** A metric name as a function of the test's variables. */
export type MetricName = (vars: Readonly<Record<string, unknown>>) => string | undefined;

const NO_METRIC: MetricName = () => undefined;

/**
 * A check's metric name, rendered with the test's variables like its value is (`group-{{group}}`
 * gives `group-fr` for a test whose `group` is `fr`), so a report can total the checks per value.
 * It is a Nunjucks template, as in promptfoo; one it cannot read is a config error.
 */
export function metricName(metric: string | undefined): MetricName {
  if (metric === undefined) return NO_METRIC;
  if (!hasPlaceholder(metric)) return () => metric;
  checkTemplates(metric);
  return (vars) => renderTemplate(metric, vars);
}

/** The variables (first name of each placeholder) the metric names of an `assert` list use. */
export function metricVariables(entries: readonly AssertionEntry[]): string[] {
  const names = new Set<string>();
  const visit = (list: readonly AssertionEntry[]): void => {
    for (const entry of list) {
      if (entry.metric?.includes('{{')) {
        for (const match of entry.metric.matchAll(PLACEHOLDERS)) names.add(match[1]!);
      }
      if (entry.type === 'assert-set') visit(entry.assert);
    }
  };
  visit(entries);
  return [...names];
}
