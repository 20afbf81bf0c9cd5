import { describe, expect, it } from 'vitest';
import { simulate } from './engine';
import { exampleCommunity } from './example';
import { parseSimulationInput } from './model';
import { replicationSeed } from './random';
import { agree, headline, interval, summarise, tQuantile975 } from './replications';

describe('intervals over replications', () => {
  it('computes a t interval by hand: 1, 2, 3, 4, 5', () => {
    // mean 3, sample variance 2.5, standard error √(2.5/5) = 0.7071, t(4) = 2.776 → ±1.963.
    const i = interval([1, 2, 3, 4, 5]);
    expect(i.mean).toBe(3);
    expect(i.halfWidth).toBeCloseTo(1.963, 3);
    expect(tQuantile975(60)).toBeCloseTo(2.0003, 3);
    expect(tQuantile975(1000)).toBeCloseTo(1.9623, 3);
  });

  it('says when two estimates agree', () => {
    expect(agree(interval([1, 2, 3]), interval([2, 3, 4]))).toBe(true);
    expect(agree(interval([1, 1.1, 0.9]), interval([5, 5.1, 4.9]))).toBe(false);
  });

  it('summarises replications of a run, each with its own seed', () => {
    const input = parseSimulationInput(exampleCommunity({ population: 100_000, horizonDays: 7, seed: 8 }));
    const runs = [0, 1, 2, 3].map((i) => headline(simulate(input, replicationSeed(8, i))));
    const summary = summarise(runs);
    expect(summary.answeredWithin60sShare.n).toBe(4);
    expect(summary.answeredWithin60sShare.mean).toBeGreaterThan(0.5);
    expect(summary['disposition:primary-care'].mean).toBeGreaterThan(0.3);
    expect(new Set(runs.map((r) => r.meanTimeToAnswerSeconds)).size).toBe(4);
  });
});
