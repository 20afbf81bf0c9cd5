// Ages in the triage engine at every boundary the catalogue uses (issue 11, item 14): pathway
// applicability (age bands) and "ageYears" conditions convert as the directory does (directory/age.ts),
// whether the age came in days, months, years or from a date of birth.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ageDaysFromBirth, ageInDays, yearsToDays } from '../directory/age';
import { compilePack, loadPackFromDir } from './compiler';
import { compileCondition, evaluate } from './conditions';
import { describePatient, searchPathways, startSession, TriageError } from './engine';
import { ageBandOf, type AgeBand, type StartInput } from './model';
import { catalogue } from './test-fixtures';

const PACK_DIR = fileURLToPath(new URL('../../content/national', import.meta.url));
const { pack } = compilePack(loadPackFromDir(PACK_DIR), catalogue());
const TODAY = '2026-11-18';

function applicable(pathwayId: string, input: Omit<StartInput, 'sex'>): boolean {
  try {
    startSession(pack, { ...input, sex: 'female', entry: { pathwayId }, today: TODAY });
    return true;
  } catch (error) {
    if (error instanceof TriageError && error.code === 'pathway-not-applicable') return false;
    throw error;
  }
}

describe('age bands at their limits (1, 5, 16 years)', () => {
  it.each([
    ['0 days', 0, 'infant'],
    ['28 days', 28, 'infant'],
    ['364 days', 364, 'infant'],
    ['1 year', yearsToDays(1), 'toddler'],
    ['2 years', yearsToDays(2), 'toddler'],
    ['5 years less a day', yearsToDays(5) - 1, 'toddler'],
    ['5 years', yearsToDays(5), 'child'],
    ['16 years less a day', yearsToDays(16) - 1, 'child'],
    ['16 years', yearsToDays(16), 'adult'],
    ['18 years', yearsToDays(18), 'adult'],
    ['65 years', yearsToDays(65), 'adult'],
  ] as [string, number, AgeBand][])('%s (%i days) is %s', (_label, days, band) => {
    expect(ageBandOf(days)).toBe(band);
  });

  it('a first birthday makes a toddler in every unit: 1 year, 12 months, 365 days, or the date of birth', () => {
    // dental-injury is for toddlers, children and adults.
    for (const input of [{ ageYears: 1 }, { ageDays: ageInDays(12, 'months') }, { ageDays: 365 }, { ageDays: ageDaysFromBirth('2025-11-18', TODAY) }]) {
      expect(applicable('dental-injury', input), JSON.stringify(input)).toBe(true);
    }
    expect(applicable('dental-injury', { ageDays: 364 })).toBe(false);
    expect(applicable('dental-injury', { ageDays: ageDaysFromBirth('2025-11-19', TODAY) })).toBe(false);
  });

  it('5 years: a child for child pathways; the day before, not', () => {
    // abdominal-pain is for children and adults.
    expect(applicable('abdominal-pain', { ageYears: 5 })).toBe(true);
    expect(applicable('abdominal-pain', { ageDays: ageDaysFromBirth('2021-11-18', TODAY) })).toBe(true);
    expect(applicable('abdominal-pain', { ageDays: ageDaysFromBirth('2021-11-19', TODAY) })).toBe(false);
  });

  it('16 years: an adult (falls), no longer a child (fever in a child); the day before, the reverse', () => {
    for (const input of [{ ageYears: 16 }, { ageDays: yearsToDays(16) }, { ageDays: ageDaysFromBirth('2010-11-18', TODAY) }]) {
      expect(applicable('falls', input), JSON.stringify(input)).toBe(true);
      expect(applicable('fever-child', input), JSON.stringify(input)).toBe(false);
    }
    expect(applicable('falls', { ageDays: ageDaysFromBirth('2010-11-19', TODAY) })).toBe(false);
    expect(applicable('fever-child', { ageDays: ageDaysFromBirth('2010-11-19', TODAY) })).toBe(true);
  });

  it('0 and 28 days: a newborn and a four-week-old are infants (fever in a child), never adults (falls)', () => {
    for (const ageDays of [0, 28]) {
      expect(applicable('fever-child', { ageDays })).toBe(true);
      expect(applicable('falls', { ageDays })).toBe(false);
    }
  });

  it('pathway search by age gives the same band as the session', () => {
    expect(searchPathways(pack, 'tooth injury', { ageDays: 365 }).map((h) => h.pathwayId)).toContain('dental-injury');
    expect(searchPathways(pack, 'tooth injury', { ageDays: 364 }).map((h) => h.pathwayId)).not.toContain('dental-injury');
  });
});

describe('"ageYears" conditions at 1, 2, 5, 16, 18 and 65 years', () => {
  const holds = (years: number, ageDays: number) =>
    evaluate(compileCondition({ ageYears: { gte: years } }), { vars: {}, patient: { ageDays, ageBand: ageBandOf(ageDays), sex: 'female' }, today: TODAY });

  it.each([1, 2, 5, 16, 18, 65])('"%i and over" holds on the birthday, in years, months, days or by date of birth, and not the day before', (years) => {
    const born = `${2026 - years}-11-18`;
    expect(holds(years, ageInDays(years, 'years'))).toBe(true);
    expect(holds(years, ageInDays(years * 12, 'months'))).toBe(true);
    expect(holds(years, yearsToDays(years))).toBe(true);
    expect(holds(years, ageDaysFromBirth(born, TODAY))).toBe(true);
    expect(holds(years, ageDaysFromBirth(`${2026 - years}-11-19`, TODAY))).toBe(false);
    expect(holds(years, ageInDays(years - 1, 'years'))).toBe(false);
  });

  it('describes a 65-year-old as 65 years old', () => {
    expect(describePatient({ ageDays: yearsToDays(65), ageBand: 'adult', sex: 'male' })).toBe('adult, 65 years old, male');
  });
});
