import { PlumeError } from '../util/errors.ts';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type DurationUnit = keyof typeof UNIT_MS;

/** Milliseconds in a duration written as `30s`, `12h`, `7d` (units ms, s, m, h, d), as plume.yaml and the CLI take them. */
export function parseDuration(text: string, where = 'duration'): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) {
    throw new PlumeError({
      code: 'USAGE',
      message: `${where}: '${text}' is not a duration`,
      hint: "write a number and a unit (ms, s, m, h, d), such as '30s', '12h' or '7d'",
    });
  }
  return Number(match[1]) * UNIT_MS[match[2] as DurationUnit];
}
