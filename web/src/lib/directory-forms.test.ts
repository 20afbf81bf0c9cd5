import { describe, expect, it } from 'vitest';
import { effectiveDateProblem, endpointProblems, sessionsProblem, specifiedDateProblems, ukToday, withSpecifiedDate } from './directory-forms';

describe('dated openings', () => {
  it('needs a real date and sessions that close after they open without overlapping', () => {
    expect(specifiedDateProblems({ date: '2026-02-30', sessions: [] }).date).toMatch(/real date/);
    expect(specifiedDateProblems({ date: '2026-12-24', sessions: [] })).toEqual({});
    expect(sessionsProblem([{ open: '18:00', close: '09:00' }])).toMatch(/closes \(09:00\) before it opens/);
    expect(sessionsProblem([{ open: '09:00', close: '13:00' }, { open: '12:00', close: '16:00' }])).toMatch(/overlap/);
    expect(sessionsProblem([{ open: '09:00', close: '12:00' }, { open: '12:00', close: '24:00' }])).toBeNull();
    expect(sessionsProblem([{ open: '9am', close: '12:00' }])).toMatch(/HH:MM/);
  });

  it('replaces an entry for the same date and keeps dates in order, dropping a blank note', () => {
    const dates = withSpecifiedDate([{ date: '2026-12-31', sessions: [] }, { date: '2026-12-24', sessions: [] }], { date: '2026-12-24', sessions: [{ open: '10:00', close: '14:00' }], note: ' ' });
    expect(dates).toEqual([{ date: '2026-12-24', sessions: [{ open: '10:00', close: '14:00' }] }, { date: '2026-12-31', sessions: [] }]);
  });
});

describe('referral endpoints', () => {
  it('checks the address for its kind, refuses duplicates and more than ten', () => {
    expect(endpointProblems({ kind: 'email', address: 'not-an-email' }, []).address).toMatch(/Not a valid email/);
    expect(endpointProblems({ kind: 'fhir', address: 'ftp://x' }, []).address).toMatch(/Not a valid fhir/);
    expect(endpointProblems({ kind: 'phone', address: '01227 555 000' }, [])).toEqual({});
    expect(endpointProblems({ kind: 'phone', address: '01227 555 000' }, [{ kind: 'phone', address: '01227 555 000' }]).address).toMatch(/already listed/);
    const ten = Array.from({ length: 10 }, (_, i) => ({ kind: 'email' as const, address: `t${i}@nhs.net` }));
    expect(endpointProblems({ kind: 'email', address: 'new@nhs.net' }, ten).address).toMatch(/at most 10/);
  });
});

describe('effective date', () => {
  it('is empty or a real date after today in the UK', () => {
    expect(effectiveDateProblem('', '2026-11-18')).toBeNull();
    expect(effectiveDateProblem('2026-11-18', '2026-11-18')).toMatch(/in the future/);
    expect(effectiveDateProblem('2026-12-01', '2026-11-18')).toBeNull();
    expect(ukToday(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
  });
});
