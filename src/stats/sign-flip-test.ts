import { DEFAULT_LARGE_SAMPLE_THRESHOLD } from './bootstrap-mean-interval.ts';
import { normalCdf } from './distributions.ts';
import { RandomSource } from './random-source.ts';

/** Options of {@link signFlipTest}. */
export interface SignFlipOptions {
  /** Random sign patterns drawn when exact enumeration is too large; default 2,000. */
  resamples?: number;
  seed?: number;
  /** 'mid-p' (default) counts patterns tied with the observed one as half; 'exact' counts them whole. */
  variant?: 'mid-p' | 'exact';
  /** Enumerate all 2^m sign patterns when m (the non-zero differences) is at most this; default 12. */
  exactLimit?: number;
  /**
   * Above this many non-zero differences use the normal approximation, provided no single
   * difference carries more than 1% of the variance; default 5,000.
   */
  largeSampleThreshold?: number;
}

/** A sign-flip test's p-value and how it was obtained. */
export interface SignFlipResult {
  /** Two-sided p-value for "the differences are symmetric about zero". */
  pValue: number;
  method: 'exact' | 'monte-carlo' | 'normal';
}

/** How many sign patterns gave a sum beyond, and tied with, the observed one. */
interface Tally {
  beyond: number;
  tied: number;
}

/**
 * Paired sign-flip permutation test on the sum of differences (Fisher 1935). Under "no
 * difference" each test's pair is exchangeable, so every difference's sign is a coin flip.
 * On ±1/0 differences it is McNemar's test: the exact variant gives the exact McNemar
 * p-value, the mid-p variant the mid-p one. With repeats the per-test differences sit on a
 * coarse grid, ties are frequent, and the exact variant rejects well under α; mid-p does not.
 */
export function signFlipTest(differences: ArrayLike<number>, options: SignFlipOptions = {}): SignFlipResult {
  const magnitudes = nonZeroMagnitudes(differences);
  const count = magnitudes.length;
  if (count === 0) return { pValue: 1, method: 'exact' };
  let observed = 0;
  let scale = 0;
  let sumOfSquares = 0;
  let largestSquare = 0;
  for (let index = 0; index < differences.length; index++) observed += differences[index]!;
  for (let index = 0; index < count; index++) {
    const square = magnitudes[index]! * magnitudes[index]!;
    scale += magnitudes[index]!;
    sumOfSquares += square;
    largestSquare = Math.max(largestSquare, square);
  }
  const threshold = options.largeSampleThreshold ?? DEFAULT_LARGE_SAMPLE_THRESHOLD;
  if (count > threshold && largestSquare <= 0.01 * sumOfSquares) {
    // Var(Σ s_i d_i) = Σ d_i² under random signs, and a sum of many terms, none dominant, is normal.
    const z = Math.abs(observed) / Math.sqrt(sumOfSquares);
    return { pValue: Math.min(1, 2 * (1 - normalCdf(z, 0, 1))), method: 'normal' };
  }
  // Sums that differ only by rounding are ties, or discrete data would get p-values too small.
  const bounds = { target: Math.abs(observed), tolerance: 1e-9 * scale };
  const tiedWeight = options.variant === 'exact' ? 1 : 0.5;
  if (count <= (options.exactLimit ?? 12)) {
    const tally = enumerateAll(magnitudes, bounds);
    return { pValue: (tally.beyond + tiedWeight * tally.tied) / 2 ** count, method: 'exact' };
  }
  const resamples = options.resamples ?? 2000;
  const tally = drawRandom(magnitudes, bounds, resamples, new RandomSource(options.seed ?? 0));
  // The observed pattern counts as one of the draws (tied), so the test keeps its level at any
  // number of resamples (Phipson & Smyth 2010).
  return { pValue: (tally.beyond + tiedWeight * (tally.tied + 1)) / (resamples + 1), method: 'monte-carlo' };
}

function nonZeroMagnitudes(differences: ArrayLike<number>): Float64Array {
  let count = 0;
  for (let index = 0; index < differences.length; index++) if (differences[index] !== 0) count++;
  const magnitudes = new Float64Array(count);
  let next = 0;
  for (let index = 0; index < differences.length; index++) {
    const value = differences[index]!;
    if (value !== 0) magnitudes[next++] = Math.abs(value);
  }
  return magnitudes;
}

/** Walks all 2^m sign patterns in Gray-code order, so each step flips one sign: O(2^m). */
function enumerateAll(magnitudes: Float64Array, bounds: { target: number; tolerance: number }): Tally {
  const count = magnitudes.length;
  const tally: Tally = { beyond: 0, tied: 0 };
  let sum = 0;
  for (let index = 0; index < count; index++) sum += magnitudes[index]!;
  const signs = new Int8Array(count).fill(1);
  for (let step = 0; step < 2 ** count; step++) {
    if (step > 0) {
      const flipped = 31 - Math.clz32(step & -step);
      sum -= 2 * signs[flipped]! * magnitudes[flipped]!;
      signs[flipped] = -signs[flipped]!;
    }
    const distance = Math.abs(sum) - bounds.target;
    if (distance > bounds.tolerance) tally.beyond++;
    else if (distance >= -bounds.tolerance) tally.tied++;
  }
  return tally;
}

/** Random sign patterns, 24 signs per generator draw; the observed pattern itself is not included. */
function drawRandom(
  magnitudes: Float64Array,
  bounds: { target: number; tolerance: number },
  resamples: number,
  random: RandomSource,
): Tally {
  const count = magnitudes.length;
  const tally: Tally = { beyond: 0, tied: 0 };
  for (let resample = 0; resample < resamples; resample++) {
    let sum = 0;
    let bits = 0;
    let bitsLeft = 0;
    for (let index = 0; index < count; index++) {
      if (bitsLeft === 0) {
        bits = random.nextBits24();
        bitsLeft = 24;
      }
      sum += bits & 1 ? magnitudes[index]! : -magnitudes[index]!;
      bits >>>= 1;
      bitsLeft--;
    }
    const distance = Math.abs(sum) - bounds.target;
    if (distance > bounds.tolerance) tally.beyond++;
    else if (distance >= -bounds.tolerance) tally.tied++;
  }
  return tally;
}
