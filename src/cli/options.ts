import { InvalidArgumentError } from 'commander';

// Commander prints a parser's message after the flag and its value ("option '--repeat <number>'
// argument '0' is invalid. ..."), so each message says only what the value must be.

/** Commander parser for a finite number option. */
export function parseNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number))
    throw new InvalidArgumentError(`'${value}' is not a number.`);
  return number;
}

/** Commander parser for a whole number option. */
export function parseInteger(value: string): number {
  const number = parseNumber(value);
  if (!Number.isInteger(number)) throw new InvalidArgumentError(`'${value}' is not a whole number.`);
  return number;
}

/** A parser for whole numbers from `min` to `max` (inclusive). */
export function integerBetween(min: number, max = Number.POSITIVE_INFINITY): (value: string) => number {
  return (value) => {
    const number = parseInteger(value);
    if (number < min || number > max) throw new InvalidArgumentError(`It must be ${range(min, max)}.`);
    return number;
  };
}

/** Commander parser for a count that cannot be nought: repeats, tests, limits, calls. */
export const parsePositiveInteger = integerBetween(1);

/** Commander parser for a count that may be nought: lines of context. */
export const parseNonNegativeInteger = integerBetween(0);

/** Commander parser for an amount above 0: dollars. */
export function parsePositiveNumber(value: string): number {
  const number = parseNumber(value);
  if (number <= 0) throw new InvalidArgumentError('It must be more than 0.');
  return number;
}

/** Commander parser for a number of 0 or more: a temperature. */
export function parseNonNegativeNumber(value: string): number {
  const number = parseNumber(value);
  if (number < 0) throw new InvalidArgumentError('It must be 0 or more.');
  return number;
}

/** Commander parser for a rate written 0.8, 80 or 80%: a number from 0 to 1. */
export function parseRate(value: string): number {
  const percent = value.trim().endsWith('%');
  const number = parseNumber(value.trim().replace(/%$/, ''));
  const rate = percent || number > 1 ? number / 100 : number;
  if (rate < 0 || rate > 1)
    throw new InvalidArgumentError('It must be a rate from 0 to 1, or a percentage from 0% to 100%.');
  return rate;
}

function range(min: number, max: number): string {
  if (max === Number.POSITIVE_INFINITY) return `${min} or more`;
  return `from ${min} to ${max}`;
}

/** Commander parser for an option that may be given several times: the values in order. */
export function collectValues(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
