import { z } from 'zod';
import type { Assertion } from '../../../spec/assertion.ts';
import { parseThreshold } from '../assertion-config.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { type CellHandler, undecided, verdict } from '../assertion-handler.ts';

const MAX_MS = z.number().positive();

/** The call took at most `threshold` milliseconds. */
export const latency: CellHandler<number> = {
  kind: 'cell',
  parse: (assertion: Assertion) => parseThreshold(assertion, MAX_MS, 'a maximum in milliseconds'),
  check(maxMs: number, context: AssertionContext) {
    const ms = context.latencyMs;
    if (ms === undefined) return undecided('the latency of this answer is unknown');
    const pass = ms <= maxMs;
    return verdict(pass, `Latency ${Math.round(ms)} ms ${pass ? '≤' : '>'} ${maxMs} ms`);
  },
};
