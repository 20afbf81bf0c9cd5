import { describe, expect, it } from 'vitest';
import { heatColour, hourLabel } from '../components/charts';
import { readablePath, sessionsText } from '../components/directory';
import { representativeAgeDays, sweepPlan } from '../pages/dos/WhichSearches';
import { hoursOf } from '../pages/insight/Coverage';
import { plainOutcome } from '../pages/online/OnlineTriage';
import { formatNhsNumber, isValidNhsNumber, relative } from './format';
import { matchPath } from './router';
import { subtree } from './services';

describe('NHS number check', () => {
  it('accepts a number whose modulus 11 check digit matches, and rejects one digit wrong', () => {
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(isValidNhsNumber('943476591')).toBe(false);
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
  });
});

describe('router', () => {
  it('matches patterns with parameters', () => {
    expect(matchPath('/dos/services/:id', '/dos/services/12')).toEqual({ id: '12' });
    expect(matchPath('/dos/services/:id', '/dos/services/12/edit')).toBeNull();
    expect(matchPath('/', '/')).toEqual({});
  });
});

describe('which searches return me', () => {
  it('sweeps every disposition × symptom pair of the profile', () => {
    const plan = sweepPlan({ coverage: { dispositions: ['Dx05', 'Dx06'], symptoms: [{ sg: 1, sd: 'a' }, { sg: 2, sd: 'b' }, { sg: 3, sd: 'c' }] } });
    expect(plan).toHaveLength(6);
    expect(plan[0]).toEqual({ disposition: 'Dx05', sg: 1, sd: 'a' });
  });
  it('searches for an age the service accepts', () => {
    expect(representativeAgeDays(0, 47000)).toBe(Math.round(35 * 365.25));
    expect(representativeAgeDays(0, 5 * 365)).toBe(Math.floor((5 * 365) / 2));
  });
});

describe('display helpers', () => {
  it('reads a diff path in words', () => {
    expect(readablePath('openingTimes.weekly.sat.0.open')).toBe('Opening times › Saturday › session 1 › open');
    expect(sessionsText([])).toBe('Closed');
    expect(sessionsText([{ open: '09:00', close: '13:00' }, { open: '14:00', close: '18:00' }])).toBe('09:00–13:00, 14:00–18:00');
  });
  it('labels hours of the week and colours heat by share of the maximum', () => {
    expect(hourLabel(0)).toBe('Mon 00:00');
    expect(hourLabel(167)).toBe('Sun 23:00');
    expect(heatColour(0, 10)).toBe('#f0f4f5');
    expect(heatColour(10, 10)).toBe('rgb(213, 40, 27)');
  });
  it('puts a coverage gap range into London hours of the week', () => {
    // Monday 17 November 2025 18:00–19:00 UTC is 18:00–19:00 London (GMT): hour 18.
    expect(hoursOf({ from: '2025-11-17T18:00:00Z', to: '2025-11-17T19:00:00Z' })).toEqual([18]);
    // In summer time 17:00Z is 18:00 London.
    expect(hoursOf({ from: '2025-07-14T17:00:00Z', to: '2025-07-14T17:30:00Z' })).toEqual([18]);
  });
  it('says "in" and "ago"', () => {
    const now = new Date('2025-01-01T12:00:00Z');
    expect(relative('2025-01-01T12:25:00Z', now)).toBe('in 25 min');
    expect(relative('2025-01-01T09:55:00Z', now)).toBe('2 h 5 min ago');
  });
  it('walks an organisation tree', () => {
    const orgs = [
      { id: 'a', name: 'A', parentId: null },
      { id: 'b', name: 'B', parentId: 'a' },
      { id: 'c', name: 'C', parentId: 'b' },
      { id: 'd', name: 'D', parentId: null },
    ];
    expect(subtree(orgs, 'a').sort()).toEqual(['a', 'b', 'c']);
  });
  it('tells a patient what to do in plain words', () => {
    expect(plainOutcome('Dx011', 'Emergency ambulance response, category 2', 'immediate').heading).toBe('Call 999 now');
    expect(plainOutcome('Dx327', 'Speak to a clinician within 20 minutes', 'minutes').kind).toBe('urgent');
  });
});
