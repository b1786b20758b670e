import { z } from 'zod';
import type { Assertion } from '../../spec/assertion.ts';
import { configError, parseValue } from './assertion-config.ts';
import { type AssertionOutcome, verdict } from './assertion-handler.ts';

/** Allowed range of a count; an exact count is min = max. `range` says it in words. */
export interface CountBounds {
  min: number | undefined;
  max: number | undefined;
  range: string;
}

const countSchema = z.number().int().nonnegative();
const boundsSchema = z.union([
  countSchema.transform((count) => ({ min: count, max: count })),
  z.object({ min: countSchema.optional(), max: countSchema.optional() }).strict(),
]);

/** Read `value: 120` (exactly) or `value: { min, max }` once. */
export function parseCountBounds(assertion: Assertion): CountBounds {
  const { min, max } = parseValue(assertion, boundsSchema, 'a count or { min, max }');
  if (min === undefined && max === undefined) throw configError(`"${assertion.type}" needs min, max or both`);
  if (min !== undefined && max !== undefined && min > max) {
    throw configError(`"${assertion.type}": min (${min}) is above max (${max})`);
  }
  const range =
    min === max
      ? `exactly ${min}`
      : [min !== undefined && `≥ ${min}`, max !== undefined && `≤ ${max}`].filter(Boolean).join(' and ');
  return { min, max, range };
}

/** Whether a count lies within bounds, with a reason naming the unit ("words"). */
export function checkCount(bounds: CountBounds, count: number, unit: string): AssertionOutcome {
  const { min, max } = bounds;
  if (min !== undefined && count < min)
    return verdict(false, `Output has ${count} ${unit}, fewer than ${min}`);
  if (max !== undefined && count > max)
    return verdict(false, `Output has ${count} ${unit}, more than ${max}`);
  return verdict(true, `Output has ${count} ${unit} (${bounds.range})`);
}
