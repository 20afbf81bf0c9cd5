/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import shippedCatalogue from '../../../data/reference/dispositions.yaml?raw';
import type { Disposition } from './types';
import { careKindOf, careKindOfCode, catalogueTimeframe, timeframeText } from './urgency';

/** As GET /api/reference/dispositions gives them. */
const CATALOGUE: Disposition[] = [
  { code: 'Dx012', title: 'Emergency ambulance response, category 3', group: 'ambulance-cat3', timeframe: { kind: 'immediate' } },
  { code: 'Dx02', title: 'Attend an emergency department within 1 hour', group: 'emergency-department', timeframe: { kind: 'minutes', minutes: 60 } },
  { code: 'Dx05', title: 'Contact a GP or urgent care service within 2 hours', group: 'contact-primary-care', timeframe: { kind: 'minutes', minutes: 120 } },
  { code: 'Dx07', title: 'Contact a GP or urgent care service within 12 hours', group: 'contact-primary-care', timeframe: { kind: 'minutes', minutes: 720 } },
  { code: 'Dx117', title: 'Speak to the palliative care service within 1 hour', group: 'community', timeframe: { kind: 'minutes', minutes: 60 } },
  { code: 'Dx16', title: 'Contact your own GP practice within 3 working days', group: 'own-gp', timeframe: { kind: 'working-days', days: 3 } },
  { code: 'Dx10', title: 'Make a routine appointment with your own GP practice', group: 'own-gp', timeframe: { kind: 'none' } },
  { code: 'Dx38', title: 'Look after yourself at home (self-care advice given)', group: 'self-care', timeframe: { kind: 'none' } },
];

describe('how urgent an outcome is, from the disposition catalogue', () => {
  it('Dx05 (2 h), Dx07 (12 h) and Dx117 (palliative, 1 h) are urgent, not "non-urgent advice"', () => {
    expect(careKindOfCode('Dx05', CATALOGUE)).toBe('urgent');
    expect(careKindOfCode('Dx07', CATALOGUE)).toBe('urgent');
    expect(careKindOfCode('Dx117', CATALOGUE)).toBe('urgent');
  });

  it('999 and A&E are emergencies; working days, routine and self-care are not urgent', () => {
    expect(careKindOfCode('Dx012', CATALOGUE)).toBe('emergency');
    expect(careKindOfCode('Dx02', CATALOGUE)).toBe('emergency');
    expect(careKindOfCode('Dx16', CATALOGUE)).toBe('non-urgent');
    expect(careKindOfCode('Dx10', CATALOGUE)).toBe('non-urgent');
    expect(careKindOfCode('Dx38', CATALOGUE)).toBe('non-urgent');
  });

  it('a disposition the catalogue does not describe is labelled urgent, never less', () => {
    expect(careKindOfCode('Dx999', CATALOGUE)).toBe('urgent');
    expect(careKindOf(undefined)).toBe('urgent');
    expect(careKindOf({ group: 'contact-primary-care', timeframe: 'soon' })).toBe('urgent');
  });

  it('reads the catalogue file’s timeframes (which triage outcomes carry) the same as the API’s', () => {
    expect(catalogueTimeframe(120)).toEqual({ kind: 'minutes', minutes: 120 });
    expect(catalogueTimeframe('next-working-day')).toEqual({ kind: 'working-days', days: 1 });
    expect(catalogueTimeframe('5-working-days')).toEqual({ kind: 'working-days', days: 5 });
    expect(careKindOf({ group: 'community', timeframe: 60 })).toBe(careKindOfCode('Dx117', CATALOGUE));
    expect(timeframeText(120)).toBe('within 2 hours');
    expect(timeframeText({ kind: 'minutes', minutes: 60 })).toBe('within 1 hour');
    expect(timeframeText({ kind: 'minutes', minutes: 20 })).toBe('within 20 minutes');
    expect(timeframeText('next-working-day')).toBe('on the next working day');
    expect(timeframeText('none')).toBe('');
  });

  it('over the whole shipped catalogue: every outcome with a timeframe in minutes is at least urgent', () => {
    const shipped = (parse(shippedCatalogue) as { dispositions: { code: string; group: string; timeframe: unknown }[] }).dispositions;
    expect(shipped.length).toBeGreaterThan(50);
    for (const d of shipped) {
      const kind = careKindOf(d);
      if (typeof d.timeframe === 'number') expect([d.code, kind]).not.toEqual([d.code, 'non-urgent']);
      if (d.group === 'self-care') expect([d.code, kind]).toEqual([d.code, 'non-urgent']);
      if (d.group.startsWith('ambulance') || d.group === 'emergency-department') expect([d.code, kind]).toEqual([d.code, 'emergency']);
    }
  });
});
