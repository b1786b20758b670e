import { InvalidArgumentError } from 'commander';
import type { RunTotals } from '../spec/run.ts';
import { ERROR_CODES, type ErrorCategory, EXIT_CODES } from '../util/errors.ts';
import { type CliContext, note } from './context.ts';

/** How many errored cells a run may have and still pass: a count of cells, or a share of them. */
export type ErrorTolerance = { cells: number } | { fraction: number };

/** None: a cell whose call failed after its retries fails the run. */
export const NO_ERRORS: ErrorTolerance = { cells: 0 };

/**
 * Commander parser for `--max-errors`: a whole number of cells (`3`), or a share of the run's
 * cells as a percentage (`5%`) or a fraction below 1 (`0.05`).
 */
export function parseErrorTolerance(value: string): ErrorTolerance {
  const text = value.trim();
  const percent = text.endsWith('%');
  const number = Number(percent ? text.slice(0, -1) : text);
  if (text === '' || text === '%' || !Number.isFinite(number) || number < 0) {
    throw new InvalidArgumentError(`'${value}' is not a count of cells (3) or a share of them (5% or 0.05).`);
  }
  if (percent) {
    if (number > 100) throw new InvalidArgumentError(`'${value}' is more than 100%.`);
    return { fraction: number / 100 };
  }
  if (Number.isInteger(number)) return { cells: number };
  if (number < 1) return { fraction: number };
  throw new InvalidArgumentError(`'${value}' is neither a whole count of cells nor a fraction below 1.`);
}

/**
 * The exit code a run's errored cells call for: undefined when there are none beyond the
 * tolerance; else the highest exit code of their errors' categories (a call that failed after its
 * retries is a provider failure, 3; a prompt that could not be rendered a user error, 2), with a
 * note that says how many errored (the report says how to run them again).
 */
export function errorGate(
  context: CliContext,
  run: { id: string; totals: RunTotals },
  tolerance: ErrorTolerance,
  errorCodes: () => readonly string[],
): number | undefined {
  const { cells, errors } = run.totals;
  if (errors === 0) return undefined;
  // A share as a count of cells, past the float error of the product (0.29 × 100 is 28.999…).
  const allowed = 'cells' in tolerance ? tolerance.cells : Math.floor(tolerance.fraction * cells + 1e-9);
  if (errors <= allowed) return undefined;
  const codes = errorCodes();
  note(
    context,
    `${errors} of ${cells} cells errored, more than --max-errors allows (${describe(tolerance)})`,
  );
  if (codes.length === 0) return EXIT_CODES.provider;
  return Math.max(...codes.map((code) => EXIT_CODES[categoryOf(code)]));
}

// A cell's error code is a PlumeError code; any other (a stand-in's own) counts as the provider's.
function categoryOf(code: string): ErrorCategory {
  return Object.hasOwn(ERROR_CODES, code) ? ERROR_CODES[code as keyof typeof ERROR_CODES] : 'provider';
}

function describe(tolerance: ErrorTolerance): string {
  if ('cells' in tolerance) return `${tolerance.cells} cell${tolerance.cells === 1 ? '' : 's'}`;
  return `${Number((tolerance.fraction * 100).toFixed(4))}%`;
}
