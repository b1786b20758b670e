/**
 * A sum of floating-point numbers, exact until it is read and then rounded once (Shewchuk's
 * algorithm, as in Python's math.fsum): the same numbers added in any order give the same result.
 * A run's cells finish in no fixed order, and its report must not change in the last digit from
 * one reading to the next.
 */
export class ExactSum {
  /** Non-overlapping parts of the exact sum, smallest magnitude first. */
  readonly #partials: number[] = [];

  add(value: number): void {
    if (value === 0) return;
    const partials = this.#partials;
    let x = value;
    let kept = 0;
    for (let index = 0; index < partials.length; index++) {
      let y = partials[index]!;
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const high = x + y;
      const low = y - (high - x);
      if (low !== 0) partials[kept++] = low;
      x = high;
    }
    partials.length = kept;
    partials.push(x);
  }

  /** The exact sum, correctly rounded to the nearest double. */
  get value(): number {
    const partials = this.#partials;
    let index = partials.length;
    if (index === 0) return 0;
    let high = partials[--index]!;
    let low = 0;
    while (index > 0) {
      const x = high;
      const y = partials[--index]!;
      high = x + y;
      low = y - (high - x);
      if (low !== 0) break;
    }
    // Round half to even across the rest of the parts: when the rounding error is exactly half an
    // ulp and the next part has the same sign, the sum lies past the halfway point.
    if (index > 0 && ((low < 0 && partials[index - 1]! < 0) || (low > 0 && partials[index - 1]! > 0))) {
      const y = low * 2;
      const x = high + y;
      if (y === x - high) high = x;
    }
    return high;
  }
}
