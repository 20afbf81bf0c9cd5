/**
 * The safety guard's judgement, pure: what a new pack makes less urgent than the one in use —
 * emergency vignettes played on both, recorded sessions replayed on both.
 */
import { describe, expect, it } from 'vitest';
import { compilePack, loadPackFromDir } from './compiler';
import type { ContentFile, RecordedSession } from './model';
import { anythingLessUrgent, describeFindings, findLessUrgent } from './safety-guard';
import { SHIPPED_CONTENT_DIR } from './service';
import { catalogue } from './test-fixtures';
import { loadVignetteFiles, SHIPPED_VIGNETTE_DIR } from './vignette-files';
import { parseVignettes } from './vignettes';

const files = loadPackFromDir(SHIPPED_CONTENT_DIR);
const current = compilePack(files, catalogue()).pack;
const { vignettes } = parseVignettes(loadVignetteFiles(SHIPPED_VIGNETTE_DIR));

function edited(file: string, edit: (text: string) => string): ContentFile[] {
  return files.map((f) => (f.path.endsWith(file) ? { ...f, text: edit(f.text) } : f));
}

/** A mottled toddler with a fever, as the engine would have recorded the session. */
const MOTTLED: RecordedSession = {
  id: 'tsn_mottled',
  start: { ageYears: 2, sex: 'female', entry: { pathwayId: 'fever-child' }, today: '2025-01-15' },
  answers: [
    ...['breathing', 'conscious', 'struggling', 'bleeding', 'fitting', 'stroke'].map((q) => ({ nodeId: `emergency/${q}`, value: 'no' })),
    { nodeId: 'fever-child/glass-rash', value: 'no' },
    { nodeId: 'fever-child/floppy', value: 'no' },
    { nodeId: 'fever-child/red-signs', value: ['mottled'] },
  ],
};

describe('findLessUrgent', () => {
  it('finds nothing between a pack and itself', () => {
    const findings = findLessUrgent(current, current, vignettes, [MOTTLED]);
    expect(findings).toMatchObject({ vignettes: [], sessions: [], sessionsLessUrgent: 0, sessionsReplayed: 1 });
    expect(findings.vignettesChecked).toBe(vignettes.filter((v) => v.expect === 'emergency').length);
    expect(anythingLessUrgent(findings)).toBe(false);
  });

  it('lists the emergency vignettes and recorded sessions an edit makes less urgent', () => {
    const lowered = compilePack(edited('fever-child.yaml', (t) => t.replace(/(id: red-features\n\s+type: outcome\n\s+disposition:) Dx011/, '$1 Dx05')), catalogue()).pack;
    const findings = findLessUrgent(current, lowered, vignettes, [MOTTLED]);
    expect(findings.vignettes.map((v) => v.id).sort()).toEqual(['fever-child-mottled', 'fever-child-stiff-neck']);
    expect(findings.vignettes[0]).toMatchObject({ from: { disposition: 'Dx011', band: 'emergency' }, to: { disposition: 'Dx05', band: 'urgent', outcomeNodeId: 'fever-child/red-features' } });
    expect(findings.sessions).toEqual([{ sessionId: 'tsn_mottled', pathwayId: 'fever-child', from: expect.objectContaining({ disposition: 'Dx011' }), to: expect.objectContaining({ disposition: 'Dx05' }) }]);
    expect(anythingLessUrgent(findings)).toBe(true);
    expect(describeFindings(findings).map((d) => d.path)).toEqual(expect.arrayContaining(['vignette:fever-child-mottled', 'session:tsn_mottled']));
  });

  it('counts a change within the emergency band (ambulance to ED within the hour) as less urgent too', () => {
    const toEd = compilePack(edited('fever-child.yaml', (t) => t.replace(/(id: red-features\n\s+type: outcome\n\s+disposition:) Dx011/, '$1 Dx02')), catalogue()).pack;
    const findings = findLessUrgent(current, toEd, vignettes, []);
    expect(findings.vignettes.map((v) => `${v.from.band}→${v.to.band}`)).toEqual(['emergency→emergency', 'emergency→emergency']);
  });

  it('ignores more urgent changes and vignettes that are not in the emergency band', () => {
    const raised = compilePack(edited('back-pain.yaml', (t) => t.replace('disposition: Dx39', 'disposition: Dx08')), catalogue()).pack;
    expect(anythingLessUrgent(findLessUrgent(current, raised, vignettes, []))).toBe(false);
  });
});
