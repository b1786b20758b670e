import { InvalidArgumentError } from 'commander';

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
