/**
 * The phrase corpus against the shipped pack (issue 15 item 3): the right pathway in the finder's
 * top 3 for at least 95% of at least 300 lay phrasings. Misses are printed so the finder (not the
 * phrases' expected answers) can be tuned.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compilePack, loadPackFromDir } from './compiler';
import { formatMisses, judgePhrases, PhraseFile, type Phrase } from './phrases';
import { searchPathways } from './search';
import { catalogue } from './test-fixtures';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PHRASE_DIR = join(ROOT, 'content/phrases');
const { pack } = compilePack(loadPackFromDir(join(ROOT, 'content/national')), catalogue());

const files = readdirSync(PHRASE_DIR).filter((f) => f.endsWith('.yaml')).sort();
const phrases: { phrase: Phrase; file: string }[] = files.flatMap((file) =>
  PhraseFile.parse(parse(readFileSync(join(PHRASE_DIR, file), 'utf8'))).phrases.map((phrase) => ({ phrase, file })),
);

describe('the phrase corpus', () => {
  it('names only entry pathways of the shipped pack', () => {
    const unknown = phrases.filter(({ phrase }) => !pack.pathways[phrase.pathway]?.entry).map(({ phrase, file }) => `${file}: ${phrase.pathway}`);
    expect(unknown).toEqual([]);
  });

  it('holds at least 300 phrases', () => {
    expect(phrases.length).toBeGreaterThanOrEqual(300);
  });

  it('puts the expected pathway in the top 3 for at least 95% of phrases', () => {
    const report = judgePhrases(pack, phrases);
    if (report.misses.length) console.log(`Phrase corpus: ${report.inTop3}/${report.total} in the top 3 (${(report.share * 100).toFixed(1)}%); misses:\n${formatMisses(report.misses)}`);
    expect(report.share).toBeGreaterThanOrEqual(0.95);
  });
});

describe('the finder on the shipped pack, for the complaints issue 15 names', () => {
  const offered = (text: string, patient: { ageYears?: number; ageDays?: number }) => searchPathways(pack, text, patient).map((h) => h.pathwayId);

  it('"hay fever" does not offer Fever in a child', () => {
    expect(offered('hay fever', { ageYears: 8 })).not.toContain('fever-child');
    expect(offered('hay fever', { ageYears: 8 })[0]).toBe('hay-fever');
  });

  it('"blocked nose" does not offer Urinary catheter problems', () => {
    expect(offered('blocked nose', { ageYears: 40 })).not.toContain('catheter-problems');
    expect(offered('blocked nose', { ageYears: 40 })[0]).toBe('nose-sinus');
  });

  it('"high temperature" in an adult offers the adult pathway, not Fever in a child', () => {
    expect(offered('high temperature', { ageYears: 35 })[0]).toBe('unwell-adult');
    expect(offered('high temperature', { ageYears: 35 })).not.toContain('fever-child');
  });
});
