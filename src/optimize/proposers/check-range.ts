import { PlumeError } from '../../util/errors.ts';

/** The most candidates one proposer call may be asked for. */
export const MAX_PROPOSALS = 20;

/** `value` when it is an integer from `min` to `max`; a user error naming the option otherwise. */
export function checkRange(name: string, value: number, min: number, max: number): number {
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  throw new PlumeError({
    code: 'USAGE',
    message: `${name} must be a whole number from ${min} to ${max}, not ${value}.`,
    hint: `Pass a ${name} between ${min} and ${max}.`,
  });
}
