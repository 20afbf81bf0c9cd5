import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cumulate, meanOf, pickIndex, sampler } from './distributions';
import { EventHeap } from './heap';
import { Rng } from './random';

describe('the event heap', () => {
  it('pops events in time order, ties in the order they were scheduled', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 255 })), { maxLength: 3000 }), (events) => {
        const heap = new EventHeap(2); // small, so it grows
        events.forEach(([time, kind], i) => heap.push(time, kind, i));
        const popped: number[] = [];
        while (heap.size > 0) {
          popped.push(heap.topPayload());
          heap.pop();
        }
        const expected = events.map(([time], i) => ({ time, i })).sort((a, b) => a.time - b.time || a.i - b.i).map((e) => e.i);
        expect(popped).toEqual(expected);
        expect(heap.peekTime()).toBe(Infinity);
      }),
    );
  });
});

describe('distributions', () => {
  const moments = (draw: () => number, n = 200_000) => {
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const x = draw();
      sum += x;
      squares += x * x;
    }
    const mean = sum / n;
    return { mean, sd: Math.sqrt(squares / n - mean * mean) };
  };

  it('gives the lognormal the mean and standard deviation asked for', () => {
    const rng = new Rng(1);
    const draw = sampler({ kind: 'lognormal', mean: 540, sd: 240 });
    const m = moments(() => draw(rng));
    expect(m.mean / 540).toBeCloseTo(1, 2);
    expect(m.sd / 240).toBeCloseTo(1, 1);
  });

  it('gives the exponential its mean and standard deviation (equal)', () => {
    const rng = new Rng(2);
    const draw = sampler({ kind: 'exponential', mean: 300 });
    const m = moments(() => draw(rng));
    expect(m.mean / 300).toBeCloseTo(1, 2);
    expect(m.sd / 300).toBeCloseTo(1, 1);
  });

  it('draws empirical values by their weights', () => {
    const rng = new Rng(3);
    const draw = sampler({ kind: 'empirical', values: [10, 20, 30], weights: [1, 0, 3] });
    const counts = new Map<number, number>();
    for (let i = 0; i < 40_000; i++) {
      const x = draw(rng);
      counts.set(x, (counts.get(x) ?? 0) + 1);
    }
    expect(counts.has(20)).toBe(false);
    expect((counts.get(30) ?? 0) / (counts.get(10) ?? 1)).toBeCloseTo(3, 0);
    expect(meanOf({ kind: 'empirical', values: [10, 20, 30], weights: [1, 0, 3] })).toBe(25);
  });

  it('picks the first index whose cumulative weight exceeds u', () => {
    const c = cumulate([1, 1, 2]);
    expect([0, 0.2499, 0.25, 0.4999, 0.5, 0.9999].map((u) => pickIndex(c, u))).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('gives a seeded stream in [0, 1), the same for the same seed', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const first = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(first);
    expect(Array.from({ length: 1000 }, () => c.next())).not.toEqual(first);
    expect(first.every((u) => u >= 0 && u < 1)).toBe(true);
    expect(first.reduce((s, u) => s + u, 0) / 1000).toBeCloseTo(0.5, 1);
  });
});
