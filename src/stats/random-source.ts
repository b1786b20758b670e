import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

const TWO_TO_32 = 4294967296;

/**
 * A seeded random stream for resampling, with the two draws the inner loops need.
 * Wraps pure-rand's xoroshiro128+; only its high bits are used, as its lowest bits are weak.
 */
export class RandomSource {
  private readonly generator: RandomGenerator;

  constructor(seed: number) {
    this.generator = xoroshiro128plus(mixSeed(seed));
    // Nearby seeds start from nearby states; a short warm-up decorrelates them.
    for (let index = 0; index < 16; index++) this.generator.next();
  }

  /** A seed for an independent sub-stream, so that results do not depend on call order. */
  static derive(seed: number, stream: number): number {
    return mixSeed((mixSeed(seed) ^ Math.imul(stream + 1, 0x9e3779b1)) | 0);
  }

  /** Uniform integer in [0, size), unbiased. */
  nextIndex(size: number): number {
    const rejectBelow = TWO_TO_32 % size;
    for (;;) {
      const product = (this.generator.next() >>> 0) * size;
      const index = Math.floor(product / TWO_TO_32);
      if (product - index * TWO_TO_32 >= rejectBelow) return index;
    }
  }

  /**
   * Fills `indices` with uniform integers in [0, size): Lemire's multiply-and-shift with
   * rejection (unbiased), using only float multiplies, since a modulo per draw is slow.
   */
  fillIndices(indices: Uint32Array, size: number): void {
    const rejectBelow = TWO_TO_32 % size;
    const generator = this.generator;
    for (let position = 0; position < indices.length; position++) {
      let product = (generator.next() >>> 0) * size;
      let index = Math.floor(product / TWO_TO_32);
      while (product - index * TWO_TO_32 < rejectBelow) {
        product = (generator.next() >>> 0) * size;
        index = Math.floor(product / TWO_TO_32);
      }
      indices[position] = index;
    }
  }

  /** 24 independent fair bits, taken from the high end of one draw. */
  nextBits24(): number {
    return this.generator.next() >>> 8;
  }

  /** Uniform float in [0, 1) with 53 bits of resolution. */
  nextUnit(): number {
    const high = this.generator.next() >>> 5;
    const low = this.generator.next() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }
}

/** murmur3's 32-bit finalizer: spreads every input bit over the whole seed. */
function mixSeed(seed: number): number {
  let hash = seed | 0;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) | 0;
}
