import type { CellHandler } from '../assertion-handler.ts';
import { undecided } from '../assertion-handler.ts';

/** Marks a cell for a person to rate: undecided until they do (their rating is the verdict). */
export const human: CellHandler<undefined> = {
  kind: 'cell',
  parse: () => undefined,
  check: () => WAITING,
};

const WAITING = undecided("waiting for a person's rating");
