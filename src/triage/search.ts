/**
 * Free-text search over pathway titles and keywords ("my back went playing football").
 * Scored, not clever: whole keyword phrases count most, then single keyword and title words,
 * then prefixes ("breath" finds "breathing"). The index is built once per compiled pack.
 */
import { ageBandOf, ageDaysOf } from './model';
import type { CompiledPack, Sex } from './model';

export interface SearchHit {
  pathwayId: string;
  title: string;
  symptomGroup: number;
  score: number;
}

interface IndexedPathway {
  id: string;
  title: string;
  symptomGroup: number;
  phrases: string[];
  keywordWords: Set<string>;
  titleWords: Set<string>;
  allWords: string[];
}

const STOP_WORDS = new Set(
  'a about after an and are at be been bit by can do does for from get got has have having he her his i im in into is it its just like me my of off on or our out over she so some the their them they this to up very was we with you your feel feeling feels really think'.split(' '),
);

const SCORE = { phrase: 5, keyword: 3, title: 2, prefix: 1 } as const;
const MIN_PREFIX = 4;

const indexes = new WeakMap<CompiledPack, IndexedPathway[]>();

export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 1 && !STOP_WORDS.has(w))
    .map(stem);
}

/** Crude singular form, enough for "headaches" → "headache", "ears" → "ear". */
function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

function indexOf(pack: CompiledPack): IndexedPathway[] {
  let index = indexes.get(pack);
  if (!index) {
    index = pack.pathwayOrder
      .map((id) => pack.pathways[id])
      .filter((p) => p.entry && !p.screen)
      .map((p) => {
        const keywordWords = new Set(p.keywords.flatMap(words));
        const titleWords = new Set(words(p.title));
        const phrases = p.keywords.map((k) => words(k).join(' ')).filter((k) => k.includes(' '));
        return { id: p.id, title: p.title, symptomGroup: p.symptomGroup, phrases, keywordWords, titleWords, allWords: [...new Set([...keywordWords, ...titleWords])] };
      });
    indexes.set(pack, index);
  }
  return index;
}

function score(entry: IndexedPathway, queryWords: string[], queryText: string): number {
  let total = 0;
  for (const phrase of entry.phrases) if (` ${queryText} `.includes(` ${phrase} `)) total += SCORE.phrase;
  for (const w of queryWords) {
    if (entry.keywordWords.has(w)) total += SCORE.keyword;
    if (entry.titleWords.has(w)) total += SCORE.title;
    else if (!entry.keywordWords.has(w) && w.length >= MIN_PREFIX && entry.allWords.some((x) => isPrefixMatch(w, x))) total += SCORE.prefix;
  }
  return total;
}

/** Ranked pathways matching the text; with a patient, only pathways whose gating admits them. */
export function searchPathways(
  pack: CompiledPack,
  text: string,
  patient?: { ageYears?: number; ageDays?: number; sex?: Sex },
): SearchHit[] {
  const queryWords = words(text);
  const queryText = queryWords.join(' ');
  const band = patient && (patient.ageDays ?? patient.ageYears) !== undefined ? ageBandOf(ageDaysOf(patient)) : null;
  return indexOf(pack)
    .filter((entry) => {
      const gating = pack.pathways[entry.id].gating;
      return (!band || gating.ageBands.includes(band)) && (!patient?.sex || gating.sexes.includes(patient.sex));
    })
    .map((entry) => ({ pathwayId: entry.id, title: entry.title, symptomGroup: entry.symptomGroup, score: score(entry, queryWords, queryText) }))
    .filter((hit) => hit.score > 0)
    .sort((a, b) => b.score - a.score || a.title.localeCompare(b.title));
}

function isPrefixMatch(queryWord: string, indexWord: string): boolean {
  return indexWord.startsWith(queryWord) || (indexWord.length >= 3 && queryWord.startsWith(indexWord));
}
