import { describe, expect, it } from 'vitest';
import { TriageError, answer, back, changeAnswer, choosePathway, currentQuestion, directoryQuery, outcomeOf, recordOf, searchPathways, startSession } from './engine';
import type { CompiledPack, SessionState, StartInput } from './model';
import { ADULT_ONLY_YAML, compileFiles, miniFiles, miniPack } from './test-fixtures';

const pack = miniPack();
const TODAY = '2025-01-15';
const adult: StartInput = { ageYears: 30, sex: 'female', today: TODAY };

function start(input: Partial<StartInput> = {}): SessionState {
  return startSession(pack, { ...adult, entry: { pathwayId: 'tummy' }, ...input });
}

function answerAll(state: SessionState, answers: [string, unknown][], on: CompiledPack = pack): SessionState {
  return answers.reduce((s, [nodeId, value]) => answer(on, s, nodeId, value), state);
}

/** Path to the self-care outcome through every question type. */
const MILD: [string, unknown][] = [
  ['emergency/breathing', 'no'],
  ['tummy/severe', 'no'],
  ['tummy/kind', 'cramp'],
  ['tummy/symptoms', ['none']],
  ['tummy/temp', 37.2],
  ['tummy/since', '2025-01-14'],
];

function thrown(fn: () => unknown): TriageError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TriageError) return error;
    throw error;
  }
  throw new Error('expected a TriageError');
}

describe('starting a session', () => {
  it('begins with the emergency screen, whatever the entry', () => {
    const state = start();
    expect(state).toMatchObject({ status: 'in-progress', current: 'emergency/breathing', pathwayId: 'tummy', contentVersion: pack.contentVersion });
    expect(currentQuestion(pack, state)).toMatchObject({ nodeId: 'emergency/breathing', kind: 'yes-no', options: [{ id: 'yes' }, { id: 'no' }] });
  });

  it('routes a "yes" on the emergency screen straight to an ambulance', () => {
    const state = answer(pack, start(), 'emergency/breathing', 'yes');
    expect(state.status).toBe('finished');
    expect(state.outcome).toMatchObject({ disposition: 'Dx01010', pathwayId: 'emergency', symptomGroup: 11000, reasons: ['Not breathing'] });
  });

  it('resolves the entry from a symptom group or a free-text search', () => {
    expect(start({ entry: { symptomGroup: 1004 } }).pathwayId).toBe('tummy');
    expect(start({ entry: { search: 'I have a stomach ache' } }).pathwayId).toBe('tummy');
  });

  it('refuses a pathway outside the patient’s age or sex with a 409', () => {
    const error = thrown(() => start({ ageYears: 30, sex: 'male', entry: { pathwayId: 'adult-only' } }));
    expect(error).toMatchObject({ code: 'pathway-not-applicable', status: 409, path: 'pathwayId' });
    expect(error.message).toMatch(/'Pregnancy worry' pathway is for adult \(female\); this patient is adult, 30 years old, male/);
    expect(thrown(() => start({ ageYears: 12, entry: { symptomGroup: 11016 } })).code).toBe('pathway-not-applicable');
    expect(error.alternatives).toEqual([]);
  });

  it('names, when it refuses a pathway, the pathways sharing its words that do apply (no dead ends)', () => {
    const young = ADULT_ONLY_YAML.replace('id: adult-only', 'id: young-worry').replace('title: Pregnancy worry', 'title: Pregnancy worry when young').replace('ageBands: [adult]', 'ageBands: [child]');
    const { pack: withYoung } = compileFiles({ ...miniFiles(), 'test/pathways/young-worry.yaml': young });
    let error: unknown;
    try {
      startSession(withYoung, { ageYears: 15, sex: 'female', today: TODAY, entry: { pathwayId: 'adult-only' } });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'pathway-not-applicable', alternatives: [{ pathwayId: 'young-worry', title: 'Pregnancy worry when young' }] });
    expect((error as TriageError).message).toMatch(/try 'Pregnancy worry when young' \(young-worry\)/);
  });

  it('refuses unknown pathways, sub-pathways and bad patients with a 400', () => {
    expect(thrown(() => start({ entry: { pathwayId: 'nope' } }))).toMatchObject({ code: 'unknown-pathway', status: 400 });
    expect(thrown(() => start({ entry: { pathwayId: 'sub' } }))).toMatchObject({ code: 'not-an-entry-pathway', status: 400 });
    expect(thrown(() => start({ entry: { symptomGroup: 1011 } }))).toMatchObject({ code: 'unknown-symptom-group', status: 400 });
    expect(thrown(() => startSession(pack, { sex: 'female' }))).toMatchObject({ code: 'invalid-start', status: 400 });
    expect(thrown(() => startSession(pack, { ageYears: 3, ageDays: 5, sex: 'female' }))).toMatchObject({ code: 'invalid-start' });
    expect(thrown(() => startSession(pack, { ...adult, today: '2025-02-30' }))).toMatchObject({ code: 'invalid-start', path: 'today' });
  });

  it('without an entry, asks for a pathway after the screen and then carries on', () => {
    const screened = answer(pack, startSession(pack, adult), 'emergency/breathing', 'no');
    expect(screened).toMatchObject({ status: 'needs-pathway', current: null });
    expect(thrown(() => answer(pack, screened, 'tummy/severe', 'no')).code).toBe('needs-pathway');
    const chosen = choosePathway(pack, screened, 'tummy');
    expect(chosen).toMatchObject({ status: 'in-progress', current: 'tummy/severe' });
    expect(thrown(() => choosePathway(pack, chosen, 'tummy')).code).toBe('pathway-already-chosen');
  });
});

describe('answering', () => {
  it('walks every question type to an outcome with a report and reasons', () => {
    const state = answerAll(start(), MILD);
    const outcome = outcomeOf(pack, state);
    expect(outcome).toMatchObject({ disposition: 'Dx39', symptomGroup: 1004, symptomDiscriminator: '14024', pathwayId: 'tummy', outcomeNodeId: 'tummy/home' });
    expect(outcome.report.map((l) => l.answer)).toEqual(['No', 'No', 'Cramping', 'None of these', '37.2 °C', '2025-01-14']);
    expect(outcome.reportText).toContain('Mild tummy pain with a temperature of 37.2 °C.');
    expect(outcome.reportText).toContain('What is your temperature? 37.2 °C.');
    expect(outcome.careAdvice).toEqual([{ id: 'ca-test', title: 'Test advice', text: 'Look after yourself and call back if worse.' }]);
    expect(outcome.reasons).toEqual(['When did it start? — 2025-01-14']);
  });

  it('routes on stored numbers, dates and multiple choices, collecting the reasons', () => {
    const hot = answerAll(start(), [...MILD.slice(0, 4), ['tummy/temp', 38.5]]);
    expect(hot.outcome).toMatchObject({ disposition: 'Dx06', reasons: ['A high temperature'] });
    const old = answerAll(start(), [...MILD.slice(0, 5), ['tummy/since', '2024-12-25']]);
    expect(old.outcome?.reasons).toEqual(['Pain for two weeks or more']);
    const sick = answerAll(start(), [...MILD.slice(0, 3), ['tummy/symptoms', ['vomiting', 'diarrhoea']]]);
    expect(sick.outcome).toMatchObject({ disposition: 'Dx06', reasons: ['Vomiting with tummy pain'] });
  });

  it('branches on the age band', () => {
    const baby = answerAll(start({ ageYears: undefined, ageDays: 100 }), MILD);
    expect(baby.outcome).toMatchObject({ disposition: 'Dx06', reasons: ['A baby with tummy pain'] });
  });

  it('jumps between pathways, carrying variables across', () => {
    const state = answerAll(start(), [['emergency/breathing', 'no'], ['tummy/severe', 'no'], ['tummy/kind', 'burning']]);
    expect(state.outcome).toMatchObject({ disposition: 'Dx28', pathwayId: 'sub', entryPathwayId: 'tummy' });
    expect(state.vars).toEqual({ mild: true });
    expect(state.outcome?.reportText).toContain('Triage by the Tummy trouble, then Burning tummy pain pathway');
    expect(state.outcome?.reasons).toEqual(['Burning pain is assessed separately']);
  });

  it('accepts yes/no as booleans and numbers as numeric strings', () => {
    const state = answerAll(start(), [['emergency/breathing', false], ['tummy/severe', false], ['tummy/kind', 'cramp'], ['tummy/symptoms', ['none']], ['tummy/temp', '37']]);
    expect(state.answers.map((a) => a.value)).toEqual(['no', 'no', 'cramp', ['none'], 37]);
  });

  describe('rejects bad answers with a clear 400 and loses nothing', () => {
    const atTemp = answerAll(start(), MILD.slice(0, 4));
    const before = JSON.stringify(atTemp);
    const cases: [string, string, unknown, string, RegExp][] = [
      ['an option that does not exist', 'tummy/temp', 'hot', 'invalid-answer', /must be a number in °C/],
      ['a number out of range', 'tummy/temp', 45, 'answer-out-of-range', /45 °C is out of range: give a value from 34 to 43 °C/],
    ];
    it.each(cases)('%s', (_, nodeId, value, code, message) => {
      const error = thrown(() => answer(pack, atTemp, nodeId, value));
      expect(error).toMatchObject({ code, status: 400, path: 'value' });
      expect(error.message).toMatch(message);
      expect(JSON.stringify(atTemp)).toBe(before);
    });

    it('a choice that is not an option', () => {
      const atKind = answerAll(start(), MILD.slice(0, 2));
      expect(thrown(() => answer(pack, atKind, 'tummy/kind', 'stabbing')).message).toMatch(/must be one of: cramp, burning; got "stabbing"/);
      expect(thrown(() => answer(pack, start(), 'emergency/breathing', 'maybe')).message).toMatch(/must be 'yes' or 'no'/);
    });

    it('multiple choices that are unknown, empty, repeated or combine "none"', () => {
      const atSymptoms = answerAll(start(), MILD.slice(0, 3));
      expect(thrown(() => answer(pack, atSymptoms, 'tummy/symptoms', ['fever'])).message).toMatch(/Not options of this question: fever/);
      expect(thrown(() => answer(pack, atSymptoms, 'tummy/symptoms', [])).message).toMatch(/Choose at least 1 option/);
      expect(thrown(() => answer(pack, atSymptoms, 'tummy/symptoms', ['vomiting', 'vomiting'])).message).toMatch(/chosen twice/);
      expect(thrown(() => answer(pack, atSymptoms, 'tummy/symptoms', ['none', 'vomiting'])).message).toMatch(/'None of these' cannot be combined/);
      expect(thrown(() => answer(pack, atSymptoms, 'tummy/symptoms', 'vomiting')).message).toMatch(/must be a list/);
    });

    it('dates that are malformed, impossible or out of range', () => {
      const atSince = answerAll(start(), MILD.slice(0, 5));
      expect(thrown(() => answer(pack, atSince, 'tummy/since', '14/01/2025')).message).toMatch(/real date written YYYY-MM-DD/);
      expect(thrown(() => answer(pack, atSince, 'tummy/since', '2025-02-30')).message).toMatch(/real date/);
      expect(thrown(() => answer(pack, atSince, 'tummy/since', '2025-01-16'))).toMatchObject({ code: 'answer-out-of-range' });
      expect(thrown(() => answer(pack, atSince, 'tummy/since', '2024-11-01')).message).toMatch(/give a date from 2024-12-16 to 2025-01-15/);
    });
  });

  it('refuses answers to other questions (409) and unknown questions (400)', () => {
    expect(thrown(() => answer(pack, start(), 'tummy/severe', 'no'))).toMatchObject({ code: 'not-current-question', status: 409 });
    expect(thrown(() => answer(pack, start(), 'tummy/nope', 'no'))).toMatchObject({ code: 'unknown-question', status: 400 });
    const done = answerAll(start(), MILD);
    expect(thrown(() => answer(pack, done, 'tummy/since', '2025-01-14'))).toMatchObject({ code: 'session-finished', status: 409 });
  });

  it('refuses to continue a session on another content version', () => {
    const other: CompiledPack = { ...pack, contentVersion: 'test@2.0.0+abc' };
    expect(thrown(() => answer(other, start(), 'emergency/breathing', 'no'))).toMatchObject({ code: 'content-version-mismatch', status: 409 });
  });
});

describe('going back and changing answers', () => {
  it('back undoes the last answer', () => {
    const state = answerAll(start(), MILD.slice(0, 3));
    const previous = back(pack, state);
    expect(previous.current).toBe('tummy/kind');
    expect(previous.answers).toHaveLength(2);
    expect(back(pack, back(pack, previous)).current).toBe('emergency/breathing');
    expect(thrown(() => back(pack, start()))).toMatchObject({ code: 'nothing-to-undo', status: 409 });
  });

  it('back reopens a finished session', () => {
    const reopened = back(pack, answerAll(start(), MILD));
    expect(reopened).toMatchObject({ status: 'in-progress', current: 'tummy/since', outcome: null });
  });

  it('changing an earlier answer drops the later ones and runs on', () => {
    const finished = answerAll(start(), MILD);
    const changed = changeAnswer(pack, finished, 'tummy/severe', 'yes');
    expect(changed.outcome).toMatchObject({ disposition: 'Dx02' });
    expect(changed.answers.map((a) => a.nodeId)).toEqual(['emergency/breathing', 'tummy/severe']);
    expect(changed.vars).toEqual({});
    const unchanged = changeAnswer(pack, finished, 'tummy/kind', 'cramp');
    expect(unchanged.current).toBe('tummy/symptoms');
  });

  it('rejects changing an answer never given, or to an invalid value, without losing the session', () => {
    const finished = answerAll(start(), MILD);
    expect(thrown(() => changeAnswer(pack, finished, 'tummy/nope', 'x'))).toMatchObject({ code: 'not-answered', status: 400 });
    expect(thrown(() => changeAnswer(pack, finished, 'tummy/temp', 99))).toMatchObject({ code: 'answer-out-of-range' });
    expect(finished.outcome?.disposition).toBe('Dx39');
  });
});

describe('session state', () => {
  it('is plain JSON: a session survives a round trip mid-way', () => {
    const midway = JSON.parse(JSON.stringify(answerAll(start(), MILD.slice(0, 3)))) as SessionState;
    const finished = answerAll(midway, MILD.slice(3));
    expect(JSON.parse(JSON.stringify(finished))).toEqual(finished);
    expect(finished.outcome?.disposition).toBe('Dx39');
  });

  it('runs on a compiled pack that went through JSON (as stored in a database)', () => {
    const stored = JSON.parse(JSON.stringify(pack)) as CompiledPack;
    const state = answerAll(startSession(stored, { ...adult, entry: { pathwayId: 'tummy' } }), MILD, stored);
    expect(state.outcome?.disposition).toBe('Dx39');
  });

  it('hands the outcome straight to a directory search', () => {
    const outcome = outcomeOf(pack, answerAll(start(), MILD));
    expect(directoryQuery(outcome)).toEqual({ symptomGroup: 1004, symptomDiscriminator: '14024', disposition: 'Dx39', ageDays: Math.ceil(30 * 365.25), sex: 'female' });
    expect(thrown(() => outcomeOf(pack, start()))).toMatchObject({ code: 'not-finished', status: 409 });
  });

  it('records what replay needs', () => {
    const state = answerAll(start(), MILD);
    expect(recordOf(state, 's1')).toEqual({ id: 's1', start: state.start, pathwayId: null, answers: state.answers, contentVersion: pack.contentVersion });
  });
});

describe('searchPathways', () => {
  it('ranks by title and keywords and leaves out sub-pathways', () => {
    expect(searchPathways(pack, 'tummy ache').map((h) => h.pathwayId)).toEqual(['tummy']);
    expect(searchPathways(pack, 'burning')).toEqual([]);
    expect(searchPathways(pack, 'am I pregnant')[0]).toMatchObject({ pathwayId: 'adult-only', symptomGroup: 11016 });
  });

  it('leaves out pathways whose gating excludes the patient', () => {
    expect(searchPathways(pack, 'pregnancy', { ageYears: 30, sex: 'male' })).toEqual([]);
    expect(searchPathways(pack, 'pregnancy', { ageYears: 30, sex: 'female' })).toHaveLength(1);
  });
});
