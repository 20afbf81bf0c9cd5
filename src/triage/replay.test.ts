import { describe, expect, it } from 'vitest';
import { answer, recordOf, startSession } from './engine';
import type { CompiledPack, RecordedSession, StartInput } from './model';
import { classify, generateCorpus, replay, replaySession } from './replay';
import { TUMMY_YAML, catalogue, compileFiles, miniFiles, miniPack } from './test-fixtures';
import { compareUrgency, toTimeframe, urgencyOf } from './urgency';

const base = miniPack();
const START: StartInput = { ageYears: 40, sex: 'female', entry: { pathwayId: 'tummy' }, today: '2025-01-15' };

function recorded(id: string, answers: [string, unknown][]): RecordedSession {
  const state = answers.reduce((s, [nodeId, value]) => answer(base, s, nodeId, value), startSession(base, START));
  return recordOf(state, id);
}

const mild = recorded('mild', [['emergency/breathing', 'no'], ['tummy/severe', 'no'], ['tummy/kind', 'cramp'], ['tummy/symptoms', ['none']], ['tummy/temp', 37], ['tummy/since', '2025-01-14']]);
const severe = recorded('severe', [['emergency/breathing', 'no'], ['tummy/severe', 'yes']]);
const vomiting = recorded('vomiting', [['emergency/breathing', 'no'], ['tummy/severe', 'no'], ['tummy/kind', 'cramp'], ['tummy/symptoms', ['vomiting']]]);
const burning = recorded('burning', [['emergency/breathing', 'no'], ['tummy/severe', 'no'], ['tummy/kind', 'burning']]);
const sessions = [mild, severe, vomiting, burning];

function variant(edit: (yaml: string) => string): CompiledPack {
  const { pack, problems } = compileFiles({ ...miniFiles(), 'test/pathways/tummy.yaml': edit(TUMMY_YAML) });
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  return pack;
}

describe('replay', () => {
  it('finds nothing changed when replaying on the same content', () => {
    const report = replay(base, base, sessions);
    expect(report).toMatchObject({ sessions: 4, unchanged: 4, changed: 0, skipped: 0, changes: [] });
  });

  it('detects an outcome that became more urgent, with its pathway and an example', () => {
    const next = variant((y) => y.replace('disposition: Dx39', 'disposition: Dx02'));
    const report = replay(base, next, sessions);
    expect(report).toMatchObject({ from: base.contentVersion, to: next.contentVersion, changed: 1, moreUrgent: 1, unchanged: 3 });
    expect(report.changes).toEqual([
      {
        sessionId: 'mild',
        pathwayId: 'tummy',
        direction: 'more-urgent',
        from: { disposition: 'Dx39', discriminator: '14024', symptomGroup: 1004, pathwayId: 'tummy', outcomeNodeId: 'tummy/home' },
        to: { disposition: 'Dx02', discriminator: '14024', symptomGroup: 1004, pathwayId: 'tummy', outcomeNodeId: 'tummy/home' },
      },
    ]);
    expect(report.byPathway.find((p) => p.pathwayId === 'tummy')).toMatchObject({ title: 'Tummy trouble', sessions: 3, changed: 1, moreUrgent: 1 });
    expect(report.byPathway.find((p) => p.pathwayId === 'sub')).toMatchObject({ sessions: 1, changed: 0 });
  });

  it('detects an outcome that became less urgent', () => {
    const report = replay(base, variant((y) => y.replace('disposition: Dx02', 'disposition: Dx06')), sessions);
    expect(report).toMatchObject({ lessUrgent: 1, changed: 1 });
    expect(report.changes[0]).toMatchObject({ sessionId: 'severe', direction: 'less-urgent' });
  });

  it('detects a different code at the same urgency', () => {
    const report = replay(base, variant((y) => y.replace('disposition: Dx06', 'disposition: Dx13')), sessions);
    expect(report.changes.map((c) => [c.sessionId, c.direction])).toEqual([['vomiting', 'same-urgency']]);
  });

  it('marks sessions that now meet a question they never answered as incomplete', () => {
    const added = variant((y) =>
      y.replace('      next: symptoms\n', '      next: new-question\n').replace(
        '    - id: to-sub\n',
        '    - id: new-question\n      type: yes-no\n      ask: Is it a new question?\n      yes: symptoms\n      no: symptoms\n    - id: to-sub\n',
      ),
    );
    const report = replay(base, added, sessions);
    expect(report).toMatchObject({ incomplete: 2, changed: 2 });
    expect(report.changes[0]).toMatchObject({ sessionId: 'mild', direction: 'incomplete', to: null });
    expect(report.changes[0].reason).toMatch(/asks a question the session never answered: 'tummy\/new-question'/);
  });

  it('skips recorded sessions that did not finish on the old version', () => {
    const unfinished = { ...mild, id: 'unfinished', answers: mild.answers.slice(0, 3) };
    const report = replay(base, base, [unfinished]);
    expect(report).toMatchObject({ sessions: 0, skipped: 1, skippedExamples: [{ sessionId: 'unfinished' }] });
  });

  it('replays by question id, so reordered content still finds its answers', () => {
    expect(replaySession(base, { ...mild, answers: [...mild.answers].reverse() })).toMatchObject({ outcome: { disposition: 'Dx39' } });
  });

  it('classifies by the urgency of each version’s disposition', () => {
    const summary = (disposition: string) => ({ disposition, discriminator: '4003', symptomGroup: 1004, pathwayId: 'tummy', outcomeNodeId: 'x' });
    const packWith = { ...base, dispositions: { ...base.dispositions, Dx02: base.dispositions.Dx02, Dx06: base.dispositions.Dx06 } };
    expect(classify(packWith, packWith, summary('Dx06'), summary('Dx02'))).toBe('more-urgent');
    expect(classify(packWith, packWith, summary('Dx02'), summary('Dx06'))).toBe('less-urgent');
    expect(classify(packWith, packWith, summary('Dx02'), null)).toBe('incomplete');
  });
});

describe('urgency ordering', () => {
  it('orders dispositions from the catalogue by timeframe, then group', () => {
    const info = (code: string) => {
      const d = catalogue().disposition(code);
      if (!d) throw new Error(code);
      return { urgency: urgencyOf(toTimeframe(d.timeframe) ?? 'none', d.group) };
    };
    const ordered = ['Dx01010', 'Dx011', 'Dx012', 'Dx013', 'Dx02', 'Dx11', 'Dx05', 'Dx03', 'Dx08', 'Dx115', 'Dx16', 'Dx22', 'Dx38'];
    const sorted = [...ordered].sort((a, b) => compareUrgency(info(a), info(b)));
    expect(sorted).toEqual(ordered);
    expect(compareUrgency(info('Dx05'), info('Dx12'))).toBe(0);
  });
});

describe('generateCorpus', () => {
  it('is deterministic for a seed and different for another', () => {
    expect(generateCorpus(base, 30, 7)).toEqual(generateCorpus(base, 30, 7));
    expect(generateCorpus(base, 30, 8)).not.toEqual(generateCorpus(base, 30, 7));
  });

  it('makes valid sessions that all finish on the pack they came from', () => {
    const corpus = generateCorpus(base, 300, 1);
    const report = replay(base, base, corpus);
    expect(report).toMatchObject({ sessions: 300, unchanged: 300, skipped: 0 });
    expect(new Set(corpus.map((s) => s.start.entry && 'pathwayId' in s.start.entry && s.start.entry.pathwayId))).toEqual(new Set(['tummy', 'adult-only']));
    expect(corpus.every((s) => s.start.entry && 'pathwayId' in s.start.entry && (s.start.entry.pathwayId !== 'adult-only' || s.start.sex === 'female'))).toBe(true);
  });
});
