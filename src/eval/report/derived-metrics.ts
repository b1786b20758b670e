import type { CodePolicy } from '../../spec/suite.ts';
import { userCodeSandbox } from '../code/user-code-sandbox.ts';
import type { MetricTotal } from './metric-totals.ts';

/** One derived metric (promptfoo's derivedMetrics) in each column: its value, or why it has none. */
export interface DerivedMetricTotal {
  metric: string;
  columns: { column: string; value: number | undefined; reason?: string }[];
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * The suite's derived metrics in each column of a run, computed as promptfoo computes them: an
 * expression over the named metrics (`true_positives / (true_positives + false_positives)`), or a
 * `function (namedScores) { ... }`, given each metric's sum of per-test scores in that column
 * (promptfoo's named scores are sums). The suite's code: it runs in the sandbox, never when the run
 * allows no code. A metric the column lacks counts 0, as promptfoo starts each at 0.
 */
export async function derivedMetricTotals(
  metrics: readonly MetricTotal[],
  derived: readonly { name: string; value: string }[],
  codePolicy: CodePolicy,
): Promise<DerivedMetricTotal[]> {
  const names = metrics.map((metric) => metric.metric);
  const columns = [...new Set(metrics.flatMap((metric) => metric.columns.map((column) => column.column)))];
  const totals: DerivedMetricTotal[] = [];
  for (const { name, value } of derived) {
    const code = derivedCode(value, names);
    const results = await Promise.all(
      columns.map(async (column) => {
        if (codePolicy === 'none')
          return { column, value: undefined, reason: 'not computed: this run allows no code' };
        const scores: Record<string, number> = {};
        for (const metric of metrics) {
          const total = metric.columns.find((each) => each.column === column);
          scores[metric.metric] = total === undefined ? 0 : total.estimate.estimate * total.tests;
        }
        const result = await userCodeSandbox().run(code, scores, {});
        if (!result.ok) return { column, value: undefined, reason: `the expression ${result.reason}` };
        const number = result.value;
        return typeof number === 'number' && Number.isFinite(number)
          ? { column, value: number }
          : { column, value: undefined, reason: 'the expression gave no finite number' };
      }),
    );
    totals.push({ metric: name, columns: results });
  }
  return totals;
}

// The sandbox's body over (output: the named scores): a function's call, or the expression with each
// metric whose name is an identifier in scope.
function derivedCode(value: string, names: readonly string[]): string {
  const text = value.trim();
  if (/^(async\s+)?function\b/.test(text) || /^\([^)]*\)\s*=>/.test(text))
    return `return (${text})(output, {});`;
  const bound = names.filter((name) => IDENTIFIER.test(name));
  return `const { ${bound.join(', ')} } = output;\nreturn (${text.replace(/;+$/, '')}\n);`;
}
