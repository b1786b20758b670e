import { plural } from '../util/plural.ts';
import type { OptimizationEstimate } from './estimate-optimization.ts';
import { describeMinimum } from './minimum-budget.ts';
import type { OptimizationReport } from './optimize-prompt.ts';
import type { SaveOutcome } from './save-winner.ts';
import type { SpendRow } from './spend-ledger.ts';

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/** An optimization's outcome for the terminal. */
export function formatOptimizationReport(report: OptimizationReport, outcome: SaveOutcome): string {
  const lines: string[] = [];
  lines.push(
    `optimization ${report.id} of ${report.prompt}@${report.startHash.slice(0, 8)} on ${report.model}`,
  );
  lines.push(
    `tests: ${report.split.train} train · ${report.split.validation} validation · ${report.split.test} held out; a winner is scored on ${winnerTestsWords(report.minimum.winnerTests, report.split.validation)}`,
  );
  lines.push('', ...formatSpending(report.spending), '');
  const tests = report.start.validationTests;
  lines.push(
    report.winner.body === report.start.body
      ? `validation (${plural(tests, 'test')}): start ${percent(report.start.validationMean)}; no candidate beat it`
      : `validation (the same ${plural(tests, 'test')} for both): start ${percent(report.start.validationMean)} → winner ${percent(report.winner.validationMean)} (${report.winner.origin.strategy}: ${report.winner.origin.description})`,
  );
  lines.push(
    report.heldOut === undefined
      ? 'held-out test: not run (the budget ran out before it)'
      : `held-out (${plural(report.heldOut.tests, 'test')}): start ${percent(report.heldOut.startRate)} → winner ${percent(report.heldOut.winnerRate)}; ${report.heldOut.verdict}`,
  );
  const limits = [
    report.budget.calls === undefined ? undefined : plural(report.budget.calls, 'call'),
    report.budget.tokens === undefined ? undefined : `${report.budget.tokens} tokens`,
    report.budget.usd === undefined ? undefined : `$${report.budget.usd}`,
  ].filter((limit) => limit !== undefined);
  lines.push(
    `spent: ${plural(report.spent.calls, 'call')}, ${(report.spent.inputTokens + report.spent.outputTokens).toLocaleString('en-US')} tokens, $${report.spent.costUsd.toFixed(4)} of ${limits.join(', ') || 'no limit'}${report.budgetExhausted ? ' (budget reached: the search stopped there)' : ''}; ${plural(report.candidatesTried, 'candidate')} tried`,
  );
  lines.push(
    outcome.saved
      ? `saved the winner as ${outcome.savedAs} (parent ${report.prompt}@${report.startHash.slice(0, 8)}${outcome.written ? ', written to the prompt file' : ''}): ${outcome.reason}`
      : outcome.reason,
  );
  if (report.winner.body !== report.start.body) {
    lines.push('', 'winner:', ...report.winner.body.split('\n').map((line) => `  │ ${line}`));
  }
  return lines.join('\n');
}

/** "all 49 validation tests" or "the first 30 of 49 validation tests". */
function winnerTestsWords(winnerTests: number, validation: number): string {
  return winnerTests >= validation
    ? `all ${plural(validation, 'validation test')}`
    : `the first ${winnerTests} of ${plural(validation, 'validation test')} (--min-validation)`;
}

/** The spend rows as a table, with their total (which is what was spent). */
export function formatSpending(rows: readonly SpendRow[]): string[] {
  const line = (
    part: string,
    candidates: string,
    calls: number,
    tokens: number,
    cost: number,
    outcome: string,
  ) =>
    `  ${part.padEnd(10)} ${candidates.padStart(10)} ${String(calls).padStart(7)} ${tokens.toLocaleString('en-US').padStart(11)} ${`$${cost.toFixed(4)}`.padStart(10)}  ${outcome}`;
  const tokensOf = (row: SpendRow) => row.spent.inputTokens + row.spent.outputTokens;
  const sum = (value: (row: SpendRow) => number) => rows.reduce((total, row) => total + value(row), 0);
  return [
    `  ${'part'.padEnd(10)} ${'candidates'.padStart(10)} ${'calls'.padStart(7)} ${'tokens'.padStart(11)} ${'cost'.padStart(10)}  outcome`,
    ...rows.map((row) =>
      line(
        row.part,
        row.kind === 'strategy' ? String(row.candidates) : '–',
        row.spent.calls,
        tokensOf(row),
        row.spent.costUsd,
        row.outcome,
      ),
    ),
    line(
      'total',
      String(sum((row) => row.candidates)),
      sum((row) => row.spent.calls),
      sum(tokensOf),
      sum((row) => row.spent.costUsd),
      '',
    ).trimEnd(),
  ];
}

/** A dry run's estimate for the terminal. */
export function formatOptimizationEstimate(estimate: OptimizationEstimate): string {
  const { sizes } = estimate;
  const lines = [
    `tests: ${sizes.train} train · ${sizes.validation} validation · ${sizes.test} held out; ${sizes.candidates} candidates a step, ${sizes.iterations} steps, first racing rung ${sizes.minBatch} tests; a winner is scored on ${winnerTestsWords(estimate.minimum.winnerTests, sizes.validation)}`,
    '',
  ];
  lines.push(
    `  baseline  ~${String(estimate.baselineCalls).padStart(6)} target calls  (the starting prompt on the validation tests a winner needs)`,
  );
  for (const part of estimate.parts) {
    lines.push(
      `  ${part.name.padEnd(9)} ~${String(part.targetCalls).padStart(6)} target calls  ~${String(part.proposerCalls).padStart(4)} proposer calls   ${part.cost}`,
    );
  }
  lines.push(
    `  held-out  ${String(estimate.heldOutCalls).padStart(7)} target calls (reserved from the start)`,
  );
  lines.push('');
  const cost =
    estimate.costUsd === undefined
      ? 'cost unknown (no price for the model)'
      : `~$${estimate.costUsd.toFixed(4)}`;
  lines.push(
    `expected at most ~${estimate.totalCalls} calls, ~${estimate.tokens.toLocaleString('en-US')} tokens, ${cost}`,
  );
  lines.push(
    `minimum budget: ${plural(estimate.minimum.total.calls, 'call')} — ${describeMinimum(estimate.minimum)}`,
  );
  lines.push(
    estimate.shortfalls.length > 0
      ? `below the minimum: ${estimate.shortfalls.map((shortfall) => shortfall.message).join('; ')} — plume optimize refuses it`
      : estimate.fitsBudget
        ? 'within the budget'
        : 'more than the budget: the search will stop when the budget is spent (the held-out test is reserved and still runs)',
  );
  return lines.join('\n');
}
