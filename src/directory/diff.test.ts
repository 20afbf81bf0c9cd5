import { describe, expect, it } from 'vitest';
import { dateWords, diffValues } from './diff';

describe('diffValues', () => {
  it('says which dated openings were added, removed or changed, in words, whatever their positions', () => {
    const before = { specifiedDates: [{ date: '2026-12-24', sessions: [] }, { date: '2026-12-26', sessions: [{ open: '10:00', close: '16:00' }] }] };
    const after = { specifiedDates: [{ date: '2026-12-23', sessions: [{ open: '08:00', close: '12:00' }], note: 'Half day' }, { date: '2026-12-26', sessions: [] }] };
    expect(diffValues(before, after).map((d) => [d.change, d.words])).toEqual([
      ['removed', 'Removed: Thu 24 Dec 2026 closed'],
      ['added', 'Added: Wed 23 Dec 2026 08:00–12:00 (Half day)'],
      ['changed', 'Changed: Sat 26 Dec 2026 10:00–16:00 → Sat 26 Dec 2026 closed'],
    ]);
  });

  it('names endpoints, symptom pairs and codes added and removed', () => {
    const diff = diffValues(
      { referralEndpoints: [{ kind: 'email', address: 'a@nhs.net' }], coverage: { dispositions: ['Dx05', 'Dx06'], symptoms: [{ sg: 1011, sd: '4052' }] } },
      { referralEndpoints: [{ kind: 'phone', address: '01227 555 000', description: 'Duty nurse' }], coverage: { dispositions: ['Dx06', 'Dx08'], symptoms: [{ sg: 1011, sd: '4052' }, { sg: 1012, sd: '4003' }] } },
    );
    expect(diff.map((d) => d.words)).toEqual([
      'Removed: Dx05',
      'Added: Dx08',
      'Added pair: SG 1012 / SD 4003',
      'Removed endpoint: email a@nhs.net',
      'Added endpoint: phone 01227 555 000 (Duty nurse)',
    ]);
    expect(diff.map((d) => d.path)).toEqual(['coverage.dispositions', 'coverage.dispositions', 'coverage.symptoms', 'referralEndpoints', 'referralEndpoints']);
  });

  it("compares a day's sessions whole, and a reordered list as before and after", () => {
    expect(diffValues({ mon: [] }, { mon: [{ open: '09:00', close: '13:00' }] })).toEqual([{ path: 'mon', before: [], after: [{ open: '09:00', close: '13:00' }] }]);
    expect(diffValues({ lines: ['a', 'b'] }, { lines: ['b', 'a'] })).toEqual([{ path: 'lines', before: ['a', 'b'], after: ['b', 'a'] }]);
    expect(diffValues({ lines: ['a'] }, { lines: ['a'] })).toEqual([]);
  });

  it('writes dates as words', () => {
    expect(dateWords('2026-12-24')).toBe('Thu 24 Dec 2026');
    expect(dateWords('not a date')).toBe('not a date');
  });
});
