import { plural } from '../util/plural.ts';
import type { HeldOutResult } from './held-out.ts';

/** Whether the winner is saved (and written), and why, in one sentence a report prints. */
export interface SaveDecision {
  save: boolean;
  /** The winner beats the start on the held-out tests (a significant improvement). */
  beatsStart: boolean;
  reason: string;
}

/**
 * The winner "beats the start" when the held-out comparison shows it significantly better
 * (McNemar mid-p below α with a positive lift). Only then is it saved as a version (and, with
 * --write, written to the file) — unless `saveAnyway`. A winner that is merely not worse is not
 * an improvement anyone has shown, and one shown worse must never replace the start.
 */
export function decideSave(
  outcome: { startBody: string; winnerBody: string; heldOut: HeldOutResult | undefined },
  options: { save: boolean; saveAnyway: boolean },
): SaveDecision {
  const { heldOut } = outcome;
  const beatsStart = heldOut?.significant === true;
  if (outcome.winnerBody === outcome.startBody)
    return {
      save: false,
      beatsStart: false,
      reason: 'kept the start: no candidate beat it on the validation tests',
    };
  if (!options.save) return { save: false, beatsStart, reason: 'not saved (--no-save)' };
  if (beatsStart) {
    return {
      save: true,
      beatsStart,
      reason: `the winner beats the start on ${plural(heldOut!.tests, 'held-out test')}`,
    };
  }
  const why =
    heldOut === undefined
      ? 'the held-out test did not run'
      : heldOut.worse
        ? `the start is significantly better on ${plural(heldOut.tests, 'held-out test')}`
        : `the winner is not significantly better on ${plural(heldOut.tests, 'held-out test')}`;
  if (options.saveAnyway) return { save: true, beatsStart, reason: `saved anyway (--save-anyway): ${why}` };
  return {
    save: false,
    beatsStart,
    reason: `kept the start: ${why}; pass --save-anyway to save the winner`,
  };
}
