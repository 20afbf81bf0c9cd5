/**
 * The pathway finder on a small hand-made set of pathways: phrases beat single words, lay words
 * meet their plain synonyms, typos and prefixes are forgiven, and gating excludes pathways that
 * do not apply to the patient. (The whole-pack behaviour is judged by the phrase corpus.)
 */
import { describe, expect, it } from 'vitest';
import { termsOf } from './finder-text';
import { AGE_BANDS, SEXES } from './model';
import type { AgeBand, CompiledPack, CompiledPathway, Sex } from './model';
import { applicableAlternatives, searchPathways } from './search';

function pathway(id: string, title: string, keywords: string[], ageBands: AgeBand[] = [...AGE_BANDS], sexes: Sex[] = [...SEXES]): CompiledPathway {
  return { id, title, symptomGroup: 1000, keywords, entry: true, screen: false, gating: { ageBands, sexes }, sources: [], start: `${id}/start`, tests: [], at: `${id}.yaml:1` };
}

function packOf(pathways: CompiledPathway[]): CompiledPack {
  return { pathwayOrder: pathways.map((p) => p.id), pathways: Object.fromEntries(pathways.map((p) => [p.id, p])) } as unknown as CompiledPack;
}

const pack = packOf([
  pathway('fever-child', 'Fever in a child', ['fever', 'high temperature', 'hot'], ['infant', 'toddler', 'child']),
  pathway('hay-fever', 'Hay fever', ['hay fever', 'sneezing', 'itchy eyes', 'pollen']),
  pathway('catheter', 'Urinary catheter problems', ['catheter', 'blocked catheter', 'catheter leaking']),
  pathway('nose', 'Nose and sinus problems', ['blocked nose', 'runny nose', 'bunged up', 'sinus pain']),
  pathway('tummy', 'Abdominal pain', ['stomach ache', 'tummy pain', 'belly'], ['child', 'adult']),
  pathway('tummy-baby', 'Tummy pain in a baby', ['stomach ache', 'tummy pain', 'colic'], ['infant', 'toddler']),
  pathway('diarrhoea', 'Diarrhoea and vomiting', ['diarrhoea', 'vomiting', 'being sick']),
  pathway('pregnancy', 'Pregnancy problems', ['pregnant', 'bleeding in pregnancy'], ['child', 'adult'], ['female', 'unknown']),
  pathway('urinary', 'Urinary symptoms', ['burning when peeing', 'urine infection', 'cystitis']),
]);
const ids = (text: string, patient?: Parameters<typeof searchPathways>[2]) => searchPathways(pack, text, patient).map((h) => h.pathwayId);

describe('the pathway finder', () => {
  it('reads a phrase as the phrase: "hay fever" is not Fever in a child', () => {
    expect(ids('hay fever', { ageYears: 8 })).toEqual(['hay-fever']);
    expect(ids('my child has a fever', { ageYears: 8 })[0]).toBe('fever-child');
  });

  it('"blocked nose" offers the nose pathway, not a blocked catheter; a blocked catheter still finds it', () => {
    expect(ids('blocked nose', { ageYears: 40 })).toEqual(['nose']);
    expect(ids('my catheter seems blocked', { ageYears: 80 })[0]).toBe('catheter');
    expect(ids('nose completely blocked up', { ageYears: 40 })).toEqual(['nose']);
  });

  it('meets lay words with their synonyms', () => {
    expect(ids('my belly hurts', { ageYears: 30 })[0]).toBe('tummy');
    expect(ids('bad tummy ache', { ageYears: 30 })[0]).toBe('tummy');
    expect(ids('keeps throwing up', { ageYears: 30 })[0]).toBe('diarrhoea');
    expect(ids('it stings when i wee', { ageYears: 30 })[0]).toBe('urinary');
  });

  it('forgives typos and finishes prefixes', () => {
    expect(ids('diarhea', { ageYears: 30 })[0]).toBe('diarrhoea');
    expect(ids('cystitus', { ageYears: 30 })[0]).toBe('urinary');
    expect(ids('cathet', { ageYears: 80 })[0]).toBe('catheter');
  });

  it('offers only pathways that apply to the patient', () => {
    expect(ids('tummy pain', { ageDays: 100 })).toEqual(['tummy-baby']);
    expect(ids('tummy pain', { ageYears: 30 })).toEqual(['tummy']);
    expect(ids('pregnant', { ageYears: 30, sex: 'male' })).toEqual([]);
    expect(ids('tummy pain')).toEqual(expect.arrayContaining(['tummy', 'tummy-baby']));
  });

  it('finds nothing for words no pathway has', () => {
    expect(ids('the quick brown')).toEqual([]);
    expect(ids('')).toEqual([]);
  });

  it('offers, for a pathway that does not apply, the ones that do and share its words', () => {
    expect(applicableAlternatives(pack, 'tummy', { ageDays: 100, sex: 'male' }).map((h) => h.pathwayId)).toEqual(['tummy-baby']);
    expect(applicableAlternatives(pack, 'tummy-baby', { ageYears: 30, sex: 'male' })[0]?.pathwayId).toBe('tummy');
  });

  it('stems and drops grammar and patient words', () => {
    expect(termsOf("My baby's coughing")).toEqual(['cough']);
    expect(termsOf('earache')).toEqual(expect.arrayContaining(['ear', 'pain']));
  });
});
