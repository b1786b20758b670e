import type { OptimizationEstimate } from './estimate-optimization.ts';
import type { OptimizationReport } from './optimize-prompt.ts';

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/** An optimization's outcome for the terminal. */
export function formatOptimizationReport(report: OptimizationReport, saved: string | undefined): string {
  const lines: string[] = [];
  lines.push(
    `optimization ${report.id} of ${report.prompt}@${report.startHash.slice(0, 8)} on ${report.model}`,
  );
  lines.push(
    `tests: ${report.split.train} train · ${report.split.validation} validation · ${report.split.test} held out`,
  );
  lines.push('');
  for (const strategy of report.strategies) {
    lines.push(
      `  ${strategy.name.padEnd(9)} ${String(strategy.candidates).padStart(4)} candidates  ${String(strategy.spent.calls).padStart(6)} calls  $${strategy.spent.costUsd.toFixed(4)}`,
    );
  }
  lines.push('');
  lines.push(
    `validation: start ${percent(report.start.validationMean)} on ${report.start.validationTests} tests → winner ${percent(report.winner.validationMean)} on ${report.winner.validationTests} tests (${report.winner.origin.strategy}: ${report.winner.origin.description})`,
  );
  lines.push(
    report.heldOut === undefined
      ? 'held-out test: not run (the budget ran out before it)'
      : `held-out: start ${percent(report.heldOut.startRate)} → winner ${percent(report.heldOut.winnerRate)}; ${report.heldOut.verdict}`,
  );
  const limits = [
    report.budget.calls === undefined ? undefined : `${report.budget.calls} calls`,
    report.budget.tokens === undefined ? undefined : `${report.budget.tokens} tokens`,
    report.budget.usd === undefined ? undefined : `$${report.budget.usd}`,
  ].filter((limit) => limit !== undefined);
  lines.push(
    `spent: ${report.spent.calls} calls, ${(report.spent.inputTokens + report.spent.outputTokens).toLocaleString('en-US')} tokens, $${report.spent.costUsd.toFixed(4)} of ${limits.join(', ') || 'no limit'}${report.budgetExhausted ? ' (budget reached: the search stopped there)' : ''}; ${report.candidatesTried} candidates tried`,
  );
  if (saved !== undefined)
    lines.push(`saved the winner as ${saved} (parent ${report.prompt}@${report.startHash.slice(0, 8)})`);
  if (report.winner.body !== report.start.body) {
    lines.push('', 'winner:', ...report.winner.body.split('\n').map((line) => `  │ ${line}`));
  }
  return lines.join('\n');
}

/** A dry run's estimate for the terminal. */
export function formatOptimizationEstimate(estimate: OptimizationEstimate): string {
  const { sizes } = estimate;
  const lines = [
    `tests: ${sizes.train} train · ${sizes.validation} validation · ${sizes.test} held out; ${sizes.candidates} candidates a step, ${sizes.iterations} steps, first racing rung ${sizes.minBatch} tests`,
    '',
  ];
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
    estimate.fitsBudget
      ? 'within the budget'
      : 'more than the budget: the search will stop when the budget is spent (the held-out test is reserved and still runs)',
  );
  return lines.join('\n');
}
