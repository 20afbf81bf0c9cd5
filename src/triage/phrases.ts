/**
 * The phrase corpus (`content/phrases/*.yaml`): lay phrasings written by the team, each with the
 * pathway a person saying it should be offered. The finder is judged by how often that pathway is
 * in its top 3 for the phrase's patient (issue 15: at least 95% of at least 300 phrases).
 */
import { z } from 'zod';
import { PatientInput } from './model';
import type { CompiledPack } from './model';
import { searchPathways } from './search';

export const Phrase = z.strictObject({ text: z.string().min(2), pathway: z.string().min(1), patient: PatientInput.or(z.strictObject({ ageYears: z.number().nonnegative().max(130).optional(), ageDays: z.number().int().nonnegative().optional() })) });
export type Phrase = z.infer<typeof Phrase>;
export const PhraseFile = z.strictObject({ phrases: z.array(Phrase).min(1) });

export interface PhraseMiss {
  phrase: Phrase;
  file: string;
  /** What the finder offered first instead. */
  offered: string[];
}

export interface PhraseReport {
  total: number;
  inTop3: number;
  share: number;
  misses: PhraseMiss[];
}

export const TOP = 3;

/** Runs every phrase through the finder for its patient. */
export function judgePhrases(pack: CompiledPack, phrases: { phrase: Phrase; file: string }[]): PhraseReport {
  const misses: PhraseMiss[] = [];
  for (const { phrase, file } of phrases) {
    const offered = searchPathways(pack, phrase.text, phrase.patient)
      .slice(0, TOP)
      .map((h) => h.pathwayId);
    if (!offered.includes(phrase.pathway)) misses.push({ phrase, file, offered });
  }
  const total = phrases.length;
  return { total, inTop3: total - misses.length, share: total ? (total - misses.length) / total : 0, misses };
}

export function formatMisses(misses: PhraseMiss[]): string {
  return misses.map((m) => `  ${m.file}: "${m.phrase.text}" → expected ${m.phrase.pathway}, offered [${m.offered.join(', ')}]`).join('\n');
}
