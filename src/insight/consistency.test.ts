import { describe, expect, it } from 'vitest';
import { consistencyReport, type ServiceFacts } from './consistency';

const miu = (id: number, hoursPerWeek: number, offer: string[], extra: Partial<ServiceFacts> = {}): ServiceFacts => ({
  id,
  name: `MIU ${id}`,
  kind: 'minor injuries unit',
  hoursPerWeek,
  offer,
  minAgeYears: 2,
  maxAgeYears: null,
  redShare: 0.05,
  acceptance: 0.9,
  ...extra,
});
const CORE = ['cuts', 'sprains', 'minor burns', 'x-ray'];

// Six minor injuries units with six different offers, as commissioners describe.
const SIX = [
  miu(1, 84, CORE),
  miu(2, 84, CORE),
  miu(3, 80, [...CORE, 'eye injuries']),
  miu(4, 84, CORE.filter((o) => o !== 'x-ray'), { redShare: 0.06 }),
  miu(5, 88, CORE, { acceptance: 0.92, redShare: 0.04 }),
  miu(6, 40, ['cuts', 'sprains'], { minAgeYears: 16, redShare: 0.4, acceptance: 0.5 }),
];

describe('consistency between services of one kind', () => {
  const [group] = consistencyReport(SIX);

  it('puts the six side by side with the usual offer (what at least half offer)', () => {
    expect(group.kind).toBe('minor injuries unit');
    expect(group.services).toBe(6);
    expect(group.usualOffer).toEqual(['cuts', 'minor burns', 'sprains', 'x-ray']);
  });

  it('marks the one that differs on hours, ages, time red and acceptance, with the peers’ median', () => {
    const six = group.rows.find((r) => r.id === 6)!;
    expect(six.outliers.map((o) => [o.fact, o.side])).toEqual([
      ['hoursPerWeek', 'low'],
      ['offerSize', 'low'],
      ['minAgeYears', 'high'],
      ['redShare', 'high'],
      ['acceptance', 'low'],
    ]);
    expect(six.outliers[0]).toMatchObject({ value: 40, peerMedian: 84 });
    expect(six.missingFromOffer).toEqual(['minor burns', 'x-ray']);
  });

  it('leaves the ordinary ones unmarked, and says what a service offers beyond the usual', () => {
    expect(group.rows.find((r) => r.id === 1)!.outliers).toEqual([]);
    expect(group.rows.find((r) => r.id === 3)!.extraInOffer).toEqual(['eye injuries']);
    expect(group.rows.find((r) => r.id === 4)!.missingFromOffer).toEqual(['x-ray']);
  });

  it('calls nobody an outlier among fewer than four peers, and ignores unknown values', () => {
    const [few] = consistencyReport(SIX.slice(3));
    expect(few.rows.every((r) => r.outliers.length === 0)).toBe(true);
    const [unknown] = consistencyReport(SIX.map((s) => ({ ...s, acceptance: s.id === 6 ? null : s.acceptance })));
    expect(unknown.rows.find((r) => r.id === 6)!.outliers.some((o) => o.fact === 'acceptance')).toBe(false);
  });

  it('groups by kind', () => {
    const groups = consistencyReport([...SIX, { ...SIX[0], id: 9, kind: 'pharmacy' }]);
    expect(groups.map((g) => [g.kind, g.services])).toEqual([
      ['minor injuries unit', 6],
      ['pharmacy', 1],
    ]);
  });
});
