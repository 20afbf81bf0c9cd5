/** Duration questions: answered in hours, days or weeks, held as hours, said back in words. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compilePack, loadPackFromDir } from './compiler';
import { describeHours, hoursOf } from './durations';
import { answer, currentQuestion, startSession, TriageError } from './engine';
import type { SessionState } from './model';
import { compileFiles, errorsOf, miniFiles } from './test-fixtures';
import { catalogue } from './test-fixtures';

const { pack } = compilePack(loadPackFromDir(fileURLToPath(new URL('../../content/national', import.meta.url))), catalogue());

function atHowLong(): SessionState {
  let state = startSession(pack, { ageYears: 30, sex: 'female', today: '2025-01-15', entry: { pathwayId: 'cough' } });
  const replies: Record<string, unknown> = { 'cough/sepsis-signs': ['none'], 'cough/blood': 'no', 'cough/temperature': 'no' };
  while (state.current && state.current !== 'cough/how-long') state = answer(pack, state, state.current, replies[state.current] ?? 'no');
  return state;
}

describe('durations', () => {
  it('reads hours from a number or from words', () => {
    expect(hoursOf(72)).toBe(72);
    expect(hoursOf('72')).toBe(72);
    expect(hoursOf('3 days')).toBe(72);
    expect(hoursOf('36 hours')).toBe(36);
    expect(hoursOf('2 weeks')).toBe(336);
    expect(hoursOf('1 week')).toBe(168);
    expect(hoursOf('a while')).toBeNull();
    expect(hoursOf(Number.NaN)).toBeNull();
  });

  it('says hours back in the largest whole unit', () => {
    expect(describeHours(72)).toBe('3 days');
    expect(describeHours(36)).toBe('36 hours');
    expect(describeHours(24)).toBe('24 hours');
    expect(describeHours(336)).toBe('2 weeks');
    expect(describeHours(1)).toBe('1 hour');
  });

  it('asks the cough’s length as a duration with units, and 3 days is not "0 weeks"', () => {
    const state = atHowLong();
    expect(currentQuestion(pack, state)).toMatchObject({ kind: 'duration', unit: 'hours', units: ['hours', 'days', 'weeks'], min: 0 });
    const short = answer(pack, state, 'cough/how-long', '3 days');
    expect(short.vars.cough_hours).toBe(72);
    expect(short.outcome).toMatchObject({ disposition: 'Dx39' });
    expect(short.outcome?.report.at(-1)).toMatchObject({ answer: '3 days' });
    expect(answer(pack, state, 'cough/how-long', 3 * 7 * 24).outcome).toMatchObject({ disposition: 'Dx16' });
  });

  it('refuses a length that is not one, or out of range, naming the question', () => {
    const state = atHowLong();
    const refused = (value: unknown) => {
      try {
        answer(pack, state, 'cough/how-long', value);
      } catch (error) {
        return error as TriageError;
      }
      throw new Error('accepted');
    };
    expect(refused('soon')).toMatchObject({ code: 'invalid-answer', status: 400, path: 'value' });
    expect(refused(-5)).toMatchObject({ code: 'invalid-answer' });
    expect(refused('200 weeks')).toMatchObject({ code: 'answer-out-of-range' });
  });

  it('the compiler checks a duration question’s limits and units', () => {
    const files = miniFiles();
    const tummy = files['test/pathways/tummy.yaml'];
    const broken = tummy.replace(
      / {4}- id: severe\n/,
      '    - id: lasting\n      type: duration\n      ask: How long has it lasted?\n      units: [days, days]\n      min: 48\n      max: 24\n      next: severe\n    - id: severe\n',
    ).replace('start: severe', 'start: lasting');
    const messages = errorsOf(compileFiles({ ...files, 'test/pathways/tummy.yaml': broken }).problems).map((p) => p.message);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/max \(24 hours\) must be above min \(48 hours\)/), 'a unit is listed twice']));
    const unknownUnit = broken.replace('units: [days, days]', 'units: [fortnights]').replace('min: 48', 'min: 0');
    expect(errorsOf(compileFiles({ ...files, 'test/pathways/tummy.yaml': unknownUnit }).problems).length).toBeGreaterThan(0);
  });
});
