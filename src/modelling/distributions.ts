/**
 * Samplers for the durations of the model (seconds): exponential by inversion, lognormal from its
 * mean and standard deviation (Box–Muller), empirical by binary search on cumulative weights.
 */
import type { Distribution } from './model';
import type { Rng } from './random';

export type Sampler = (rng: Rng) => number;

export function sampler(distribution: Distribution): Sampler {
  switch (distribution.kind) {
    case 'exponential': {
      const mean = distribution.mean;
      return (rng) => -mean * Math.log(rng.open());
    }
    case 'lognormal': {
      // For X = exp(N(mu, sigma²)): E[X] = exp(mu + sigma²/2), Var[X] = (exp(sigma²) − 1)·E[X]².
      const sigma2 = Math.log(1 + (distribution.sd / distribution.mean) ** 2);
      const mu = Math.log(distribution.mean) - sigma2 / 2;
      const sigma = Math.sqrt(sigma2);
      // Box–Muller gives normals in pairs: keep the second for the next draw (this sampler is per run).
      let spare = NaN;
      return (rng) => {
        let z = spare;
        if (Number.isNaN(z)) {
          const r = Math.sqrt(-2 * Math.log(rng.open()));
          const angle = 2 * Math.PI * rng.next();
          z = r * Math.cos(angle);
          spare = r * Math.sin(angle);
        } else spare = NaN;
        return Math.exp(mu + sigma * z);
      };
    }
    case 'empirical': {
      const values = distribution.values;
      const cumulative = cumulate(distribution.weights ?? values.map(() => 1));
      return (rng) => values[pickIndex(cumulative, rng.next())];
    }
    case 'fixed': {
      const value = distribution.value;
      return () => value;
    }
  }
}

/** The mean of a distribution (seconds), for staffing and checks. */
export function meanOf(distribution: Distribution): number {
  switch (distribution.kind) {
    case 'exponential':
    case 'lognormal':
      return distribution.mean;
    case 'fixed':
      return distribution.value;
    case 'empirical': {
      const weights = distribution.weights ?? distribution.values.map(() => 1);
      let total = 0;
      let weighted = 0;
      distribution.values.forEach((v, i) => {
        total += weights[i];
        weighted += weights[i] * v;
      });
      return weighted / total;
    }
  }
}

export function standardNormal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(rng.open())) * Math.cos(2 * Math.PI * rng.next());
}

/** Running totals of weights, normalised so the last is 1. */
export function cumulate(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) out[i] = total += weights[i];
  for (let i = 0; i < out.length; i++) out[i] /= total;
  return out;
}

/** The first index whose cumulative weight exceeds u (u in [0, 1)). */
export function pickIndex(cumulative: Float64Array, u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
