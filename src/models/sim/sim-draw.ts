import { createHash } from 'node:crypto';

const TWO_TO_48 = 2 ** 48;

/**
 * A uniform number in (0, 1), a pure function of `parts`: the first 48 bits of the sha256 of
 * their JSON, centred in its bin so that it is never 0 or 1. Equal parts give equal draws;
 * any difference gives an independent one.
 */
export function uniformDraw(...parts: readonly unknown[]): number {
  const digest = createHash('sha256').update(JSON.stringify(parts)).digest();
  return (digest.readUIntBE(0, 6) + 0.5) / TWO_TO_48;
}

/** A standard normal number, a pure function of `parts` (Box–Muller on two uniform draws). */
export function normalDraw(...parts: readonly unknown[]): number {
  const first = uniformDraw('normal-1', ...parts);
  const second = uniformDraw('normal-2', ...parts);
  return Math.sqrt(-2 * Math.log(first)) * Math.cos(2 * Math.PI * second);
}
