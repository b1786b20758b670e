import { lazyModule } from '../util/lazy-module.ts';

// The @stdlib distributions weigh about 12 MiB and 0.3 s to load (some 150 modules): they are
// required on first use, so a run pays for them when its report needs them, not before its first cell.
function lazy<F extends (...args: never[]) => number>(specifier: string): F {
  const loaded = lazyModule<F>(specifier);
  return ((...args: Parameters<F>) => loaded()(...args)) as F;
}

/** Normal CDF: `normalCdf(x, mu, sigma)`. */
export const normalCdf = lazy<typeof import('@stdlib/stats-base-dists-normal-cdf')>(
  '@stdlib/stats-base-dists-normal-cdf',
);
/** Normal quantile: `normalQuantile(p, mu, sigma)`. */
export const normalQuantile = lazy<typeof import('@stdlib/stats-base-dists-normal-quantile')>(
  '@stdlib/stats-base-dists-normal-quantile',
);
/** Student t quantile: `tQuantile(p, degreesOfFreedom)`. */
export const tQuantile = lazy<typeof import('@stdlib/stats-base-dists-t-quantile')>(
  '@stdlib/stats-base-dists-t-quantile',
);
/** Binomial CDF: `binomialCdf(k, n, p)`. */
export const binomialCdf = lazy<typeof import('@stdlib/stats-base-dists-binomial-cdf')>(
  '@stdlib/stats-base-dists-binomial-cdf',
);
/** Binomial PMF: `binomialPmf(k, n, p)`. */
export const binomialPmf = lazy<typeof import('@stdlib/stats-base-dists-binomial-pmf')>(
  '@stdlib/stats-base-dists-binomial-pmf',
);
