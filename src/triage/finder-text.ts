/**
 * How the pathway finder reads text, the same for a pathway's keywords and for what a person types:
 * lower case, apostrophes dropped ("can't" → "cant"), lay phrases and words read as their plain
 * synonyms (lay-synonyms.ts), grammar and patient words dropped, then stemmed (Porter, the stemmer
 * package) so "coughing", "coughs" and "cough" meet.
 */
import { stemmer } from 'stemmer';
import { FINDER_STOP_WORDS, LAY_PHRASES, LAY_WORDS } from './lay-synonyms';

/** Pairs of words are indexed as one term, joined by this (the finder splits its own terms on spaces only). */
const PAIR_JOINER = '_';
/** Words of a query further apart than this (after dropping grammar words) are not read as a phrase. */
const PAIR_WINDOW = 3;

const phrasePatterns = Object.entries(LAY_PHRASES)
  .sort((a, b) => b[0].length - a[0].length)
  .map(([phrase, plain]) => [new RegExp(`\\b${phrase}\\b`, 'g'), ` ${plain} `] as const);

/** Lower case, apostrophes dropped, lay phrases replaced: the text split into raw words. */
export function rawWords(text: string): string[] {
  let t = ` ${text.toLowerCase().replace(/['’`]/g, '').replace(/[^a-z0-9]+/g, ' ')} `;
  for (const [pattern, plain] of phrasePatterns) t = t.replace(pattern, plain);
  return t.split(' ').filter(Boolean);
}

/** A stem this many letters shorter than its word lost too much ("appendicitis" → "append"): keep the word too. */
const MAX_STEM_CUT = 4;

/** One raw word as index terms: its synonym's words, without grammar words, stemmed. */
export function termsOfWord(word: string): string[] {
  const plain = LAY_WORDS[word] ?? word;
  return plain
    .split(' ')
    .filter((w) => w.length > 1 && !FINDER_STOP_WORDS.has(w))
    .flatMap((w) => {
      const stem = stemmer(w);
      return w.length - stem.length >= MAX_STEM_CUT ? [stem, w] : [stem];
    });
}

/** The terms of a text, in order. */
export function termsOf(text: string): string[] {
  return rawWords(text).flatMap(termsOfWord);
}

/** The terms of a text by word position: a word's stem and, when kept, the word itself share one. */
export function termPositions(text: string): string[][] {
  return rawWords(text)
    .flatMap((word) => {
      const plain = LAY_WORDS[word];
      // A synonym of several words ("earache" → "ear pain") is several positions.
      return plain ? plain.split(' ') : [word];
    })
    .map((word) => termsOfWord(word))
    .filter((terms) => terms.length > 0);
}

/** A pair of terms as one index term; order does not matter ("catheter blocked" = "blocked catheter"). */
export function pairTerm(a: string, b: string): string {
  return a < b ? `${a}${PAIR_JOINER}${b}` : `${b}${PAIR_JOINER}${a}`;
}

/** Every pair of distinct terms in a keyword phrase. */
export function phrasePairs(terms: string[]): string[] {
  const pairs = new Set<string>();
  for (let i = 0; i < terms.length; i++) for (let j = i + 1; j < terms.length; j++) if (terms[i] !== terms[j]) pairs.add(pairTerm(terms[i], terms[j]));
  return [...pairs];
}

/** Pairs of query terms near each other (by word position): the phrases a query may hold. */
export function queryPairs(positions: string[][]): { pair: string; terms: [string, string] }[] {
  const pairs: { pair: string; terms: [string, string] }[] = [];
  for (let i = 0; i < positions.length; i++) {
    for (let j = i + 1; j < Math.min(positions.length, i + PAIR_WINDOW); j++) {
      for (const a of positions[i]) for (const b of positions[j]) if (a !== b) pairs.push({ pair: pairTerm(a, b), terms: [a, b] });
    }
  }
  return pairs;
}
