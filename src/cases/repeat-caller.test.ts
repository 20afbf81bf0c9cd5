import { describe, expect, it } from 'vitest';
import type { Patient } from './model';
import { compare, findRepeat, matchKeysOf, verdictOf, type Candidate } from './repeat-caller';

const now = new Date('2026-11-18T10:00:00Z');
const patient = (overrides: Partial<Patient> = {}): Patient => ({
  nhsNumber: null,
  nhsNumberStatus: null,
  firstName: 'Ada',
  lastName: 'Lovelace',
  dateOfBirth: '1980-12-10',
  sex: 'female',
  address: null,
  postcode: 'CT1 3NG',
  phone: null,
  registeredPractice: null,
  ...overrides,
});
const candidate = (p: Patient, hoursAgo = 5, id = 'case_earlier'): Candidate => ({
  caseId: id,
  openedAt: new Date(now.getTime() - hoursAgo * 3600_000),
  presentingProblem: 'headache',
  disposition: 'Dx05',
  keys: matchKeysOf(p),
});

describe('repeat caller matching', () => {
  it('counts all five items, ignoring case, accents, spaces and punctuation', () => {
    const a = matchKeysOf(patient());
    const b = matchKeysOf(patient({ firstName: 'ADA ', lastName: 'Love-lace', postcode: 'ct13ng' }));
    expect(compare(a, b).matched).toEqual(['firstName', 'lastName', 'dateOfBirth', 'sex', 'postcode']);
    expect(compare(matchKeysOf(patient({ firstName: 'Zoë' })), matchKeysOf(patient({ firstName: 'Zoe' }))).matched).toContain('firstName');
  });

  it('4 of 5 is a repeat caller; exactly 3 of 5 is possible; 2 is nothing', () => {
    const current = matchKeysOf(patient());
    const four = findRepeat(current, [candidate(patient({ postcode: 'ME1 1AA' }))], now);
    expect(four.status).toBe('repeat');
    expect(four.matches[0]).toMatchObject({ caseId: 'case_earlier', basis: 'demographics', score: 4 });
    const three = findRepeat(current, [candidate(patient({ postcode: 'ME1 1AA', firstName: 'Augusta' }))], now);
    expect(three.status).toBe('possible');
    expect(three.matches[0].matched).toEqual(['lastName', 'dateOfBirth', 'sex']);
    const two = findRepeat(current, [candidate(patient({ postcode: 'ME1 1AA', firstName: 'Augusta', sex: 'male' }))], now);
    expect(two).toEqual({ status: 'none', matches: [] });
  });

  it('a verified NHS number match is a repeat caller even when the details differ', () => {
    const verified = { nhsNumber: '9476719931', nhsNumberStatus: '01' as const };
    const current = matchKeysOf(patient(verified));
    const other = patient({ ...verified, firstName: 'A', lastName: 'King', postcode: 'ME1 1AA', sex: 'unknown' });
    const result = findRepeat(current, [candidate(other)], now);
    expect(result.status).toBe('repeat');
    expect(result.matches[0]).toMatchObject({ basis: 'nhs-number', matched: ['nhsNumber', 'dateOfBirth'] });
    // An unverified number on either side is not enough on its own.
    const unverified = findRepeat(matchKeysOf(patient({ nhsNumber: '9476719931', nhsNumberStatus: '02' })), [candidate(other)], now);
    expect(unverified.status).toBe('none');
  });

  it('looks back 96 hours only', () => {
    const current = matchKeysOf(patient());
    expect(findRepeat(current, [candidate(patient(), 95.9)], now).status).toBe('repeat');
    expect(findRepeat(current, [candidate(patient(), 96.1)], now).status).toBe('none');
  });

  it('shows the earlier cases that decided it, newest first; a sure match hides possible ones', () => {
    const current = matchKeysOf(patient());
    const result = findRepeat(current, [candidate(patient(), 50, 'case_old'), candidate(patient(), 2, 'case_new'), candidate(patient({ firstName: 'X', postcode: 'ME1 1AA' }), 1, 'case_possible')], now);
    expect(result.status).toBe('repeat');
    expect(result.matches.map((m) => m.caseId)).toEqual(['case_new', 'case_old']);
  });

  it('"unknown" sex and missing items match nothing', () => {
    expect(compare(matchKeysOf(patient({ sex: 'unknown' })), matchKeysOf(patient({ sex: 'unknown' }))).matched).not.toContain('sex');
    expect(verdictOf({ nhsNumberMatch: false, matched: ['firstName', 'lastName', 'dateOfBirth'] })).toBe('possible');
    expect(compare(matchKeysOf(patient({ postcode: null })), matchKeysOf(patient({ postcode: null }))).matched).not.toContain('postcode');
  });
});
