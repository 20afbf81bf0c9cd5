/**
 * The shipped national pack: compiles without problems, keeps the shape item 7 asks for, and
 * every scenario test written in it passes — one `it` per scenario, so a failure names it.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { compilePack, formatProblems, loadPackFromDir } from './compiler';
import type { QuestionNode } from './model';
import { generateCorpus, replay } from './replay';
import { runScenarioTests } from './scenarios';
import { catalogue } from './test-fixtures';

const PACK_DIR = fileURLToPath(new URL('../../content/national', import.meta.url));
const { pack, problems } = compilePack(loadPackFromDir(PACK_DIR), catalogue());
const results = runScenarioTests(pack);

const REQUIRED = [
  'chest-pain', 'breathing-problems', 'abdominal-pain', 'headache', 'back-pain', 'fever-child', 'rash',
  'diarrhoea-vomiting', 'urinary-symptoms', 'catheter-problems', 'toothache', 'dental-injury', 'eye-problems',
  'mental-health-crisis', 'falls', 'head-injury', 'wounds', 'burns', 'allergic-reaction', 'palpitations',
  'sore-throat', 'cough', 'earache', 'pregnancy-problems', 'repeat-prescription', 'palliative-care', 'dizziness',
];
const AMBULANCE = /^ambulance-/;

describe('the national demonstration pack', () => {
  it('compiles with no errors and no warnings', () => {
    expect(formatProblems(problems)).toBe('');
  });

  it('is marked as demonstration content, not for clinical use', () => {
    expect(pack.notice).toBe('DEMONSTRATION CONTENT — NOT FOR CLINICAL USE');
  });

  it('covers every presentation named in the issue, with at least 25 pathways', () => {
    expect(pack.pathwayOrder.filter((id) => pack.pathways[id].entry).length).toBeGreaterThanOrEqual(25);
    expect(REQUIRED.filter((id) => !pack.pathways[id])).toEqual([]);
  });

  it.each(pack.pathwayOrder)('%s cites sources, has keywords, 4–12 questions and at least 3 scenarios', (id) => {
    const pathway = pack.pathways[id];
    const questions = Object.values(pack.nodes).filter((n): n is QuestionNode => n.type === 'question' && n.pathway === id);
    expect(pathway.sources.length).toBeGreaterThan(0);
    expect(pathway.sources.every((s) => /^https:\/\/(www\.nhs\.uk|cks\.nice\.org\.uk|www\.nice\.org\.uk\/guidance)\//.test(s.url))).toBe(true);
    expect(pathway.keywords.length).toBeGreaterThan(0);
    expect(questions.length).toBeGreaterThanOrEqual(4);
    expect(questions.length).toBeLessThanOrEqual(12);
    expect(pathway.tests.length).toBeGreaterThanOrEqual(3);
  });

  it('never sends an ambulance for a cricked back from football, but does for nothing less than ED with cauda equina signs', () => {
    const football = results.find((r) => r.name === 'a cricked back from football does not send an ambulance');
    const cauda = results.filter((r) => r.pathwayId === 'back-pain' && /cauda equina/.test(r.name));
    expect(AMBULANCE.test(pack.dispositions[football?.outcome?.disposition ?? ''].group)).toBe(false);
    expect(cauda.length).toBeGreaterThanOrEqual(2);
    for (const r of cauda) expect(['Dx02', 'Dx011', 'Dx012']).toContain(r.outcome?.disposition);
  });

  it('has no dead ends: a generated corpus of 3,000 sessions all finish', () => {
    const report = replay(pack, pack, generateCorpus(pack, 3000, 2025));
    expect(report).toMatchObject({ sessions: 3000, unchanged: 3000, skipped: 0 });
  });
});

describe('scenario tests of the national pack', () => {
  for (const pathwayId of [pack.screen, ...pack.pathwayOrder]) {
    describe(pathwayId, () => {
      for (const result of results.filter((r) => r.pathwayId === pathwayId)) {
        it(result.name, () => {
          expect(result.failures, `${result.at}`).toEqual([]);
        });
      }
    });
  }
});
