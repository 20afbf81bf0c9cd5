/**
 * The pathway finder: lay words and phrases ("my tummy hurts", "bunged up nose") to the pathways a
 * patient may enter by, through MiniSearch (BM25 with typo tolerance and prefixes).
 *
 * Text is read as finder-text.ts reads it (lay synonyms, stemming). A pathway's multi-word keywords
 * and its title are also indexed as pairs of words, and a pair in the query that some pathway has
 * as a phrase is read as that phrase only: "hay fever" then finds Hay fever and not Fever, and
 * "blocked nose" finds a nose pathway and not a blocked catheter. The index is built once per
 * compiled pack (packs are immutable).
 */
import MiniSearch from 'minisearch';
import { phrasePairs, queryPairs, rawWords, termPositions, termsOf, termsOfWord } from './finder-text';
import { ageBandOf, ageDaysOf } from './model';
import type { CompiledPack, CompiledPathway, Sex } from './model';

export interface SearchHit {
  pathwayId: string;
  title: string;
  symptomGroup: number;
  score: number;
}

export interface FinderPatient {
  ageYears?: number;
  ageDays?: number;
  sex?: Sex;
}

interface PathwayDoc {
  id: string;
  title: string;
  /** Single-word keywords. */
  keywords: string;
  /** Words of multi-word keywords, weak on their own ("blocked" of "blocked catheter"). */
  phraseWords: string;
  /** Multi-word keywords and the title as pair terms, already processed. */
  phrases: string;
}

interface FinderIndex {
  search: MiniSearch<PathwayDoc>;
  /** Every pair term some pathway has as a phrase. */
  phrases: Set<string>;
  /** Terms that are a one-word keyword or title somewhere: they mean something alone. */
  standalone: Set<string>;
  docs: Map<string, PathwayDoc>;
}

const FIELD_BOOST = { phrases: 4, title: 2.5, keywords: 2, phraseWords: 0.4 } as const;
const WORD_FIELDS = ['title', 'keywords', 'phraseWords'];
/** Hits scoring under this share of the best hit are noise: a stray word, a far-fetched typo. */
const MIN_SHARE_OF_BEST = 0.12;
/** An alternative must share a phrase, or this many words, with the refused pathway: one word ("pain") is chance. */
const MIN_SHARED_WORDS = 2;
const isPair = (term: string) => term.includes('_');
/** What the finder looks for when nothing shares a refused pathway's words: each age's general pathway. */
const GENERAL_COMPLAINT = 'feeling unwell';
/** Typos: one edit in words of 4–6 letters, two in longer ones; none in shorter words. */
const fuzziness = (term: string): number | false => (term.length >= 7 ? 2 : term.length >= 4 ? 1 : false);
/** Prefixes ("breath" → "breathless") from four letters. */
const prefixed = (term: string): boolean => term.length >= 4;
const splitTerms = (text: string): string[] => text.split(' ').filter(Boolean);

const indexes = new WeakMap<CompiledPack, FinderIndex>();

function docOf(pathway: CompiledPathway): PathwayDoc {
  const single: string[] = [];
  const multi: string[][] = [];
  for (const keyword of pathway.keywords) {
    const terms = termsOf(keyword);
    if (terms.length === 1) single.push(terms[0]);
    else if (terms.length > 1) multi.push(terms);
  }
  const titleTerms = termsOf(pathway.title);
  return {
    id: pathway.id,
    title: pathway.title,
    keywords: single.join(' '),
    phraseWords: multi.flat().join(' '),
    phrases: [...new Set([...multi, titleTerms].flatMap(phrasePairs))].join(' '),
  };
}

function indexOf(pack: CompiledPack): FinderIndex {
  const cached = indexes.get(pack);
  if (cached) return cached;
  const docs = pack.pathwayOrder
    .map((id) => pack.pathways[id])
    .filter((p) => p.entry && !p.screen)
    .map(docOf);
  const search = new MiniSearch<PathwayDoc>({
    fields: ['title', 'keywords', 'phraseWords', 'phrases'],
    // Keywords and phrases are processed already; the title is read like a query.
    tokenize: (text, field) => (field === 'title' ? rawWords(text) : splitTerms(text)),
    processTerm: (term, field) => (field === 'title' ? termsOfWord(term) : term),
  });
  search.addAll(docs);
  const index = {
    search,
    phrases: new Set(docs.flatMap((d) => splitTerms(d.phrases))),
    standalone: new Set(docs.flatMap((d) => [...oneWordTitle(d.title), ...splitTerms(d.keywords)])),
    docs: new Map(docs.map((d) => [d.id, d])),
  };
  indexes.set(pack, index);
  return index;
}

function oneWordTitle(title: string): string[] {
  const terms = termsOf(title);
  return terms.length === 1 ? terms : [];
}

/** Ranked pathways matching the text; with a patient, only pathways whose gating admits them. */
export function searchPathways(pack: CompiledPack, text: string, patient?: FinderPatient): SearchHit[] {
  const index = indexOf(pack);
  const positions = termPositions(text);
  const phrases = queryPairs(positions).filter((p) => index.phrases.has(p.pair));
  // A phrase with a word that means nothing alone ("hay" fever, "blocked" nose) is read as the phrase only;
  // in "itchy rash" both words mean something alone, so "rash" still finds Rash.
  const fixed = new Set(phrases.filter((p) => p.terms.some((t) => !index.standalone.has(t))).flatMap((p) => p.terms));
  const words = [...new Set(positions.flat().filter((t) => !fixed.has(t)))];
  return rank(pack, index, phrases.map((p) => p.pair), words, patient).map(({ matched: _matched, ...hit }) => hit);
}

/**
 * Pathways that do apply to a patient a pathway does not apply to ("no dead ends"): the finder
 * run on the refused pathway's title and keywords. An infant refused Abdominal pain is offered
 * the pathway for babies' tummy pain, which shares its lay keywords.
 */
export function applicableAlternatives(pack: CompiledPack, pathwayId: string, patient: FinderPatient, limit = 3): SearchHit[] {
  const index = indexOf(pack);
  const doc = index.docs.get(pathwayId) ?? docOf(pack.pathways[pathwayId]);
  const words = [...new Set([...termsOf(doc.title), ...splitTerms(doc.keywords), ...splitTerms(doc.phraseWords)])];
  const sharing = rank(pack, index, splitTerms(doc.phrases), words, patient, true).filter(
    (hit) => hit.pathwayId !== pathwayId && (hit.matched.some(isPair) || hit.matched.length >= MIN_SHARED_WORDS),
  );
  // Nothing shares its words (a headache in a baby): the general "unwell" pathway for the patient's age.
  const offered = sharing.length ? sharing : rank(pack, index, [], termsOf(GENERAL_COMPLAINT), patient, true);
  return offered.slice(0, limit).map(({ matched: _matched, ...hit }) => hit);
}

/** `exact`: no typo tolerance or prefixes (for a pathway's own keywords, which are spelt right). */
function rank(pack: CompiledPack, index: FinderIndex, phrases: string[], words: string[], patient?: FinderPatient, exact = false): (SearchHit & { matched: string[] })[] {
  if (!phrases.length && !words.length) return [];
  const admits = admitsPatient(pack, patient);
  const raw = index.search.search(
    {
      combineWith: 'OR',
      queries: [
        { queries: [phrases.join(' ')], fields: ['phrases'], fuzzy: false, prefix: false },
        { queries: [words.join(' ')], fields: WORD_FIELDS, fuzzy: exact ? false : fuzziness, prefix: exact ? false : prefixed },
      ],
    },
    { tokenize: splitTerms, processTerm: (t) => t, boost: FIELD_BOOST, filter: (r) => admits(String(r.id)) },
  );
  const best = raw[0]?.score ?? 0;
  return raw
    .filter((r) => r.score >= best * MIN_SHARE_OF_BEST)
    .map((r) => {
      const pathway = pack.pathways[String(r.id)];
      return { pathwayId: pathway.id, title: pathway.title, symptomGroup: pathway.symptomGroup, score: Math.round(r.score * 1000) / 1000, matched: r.queryTerms };
    })
    .sort((a, b) => b.score - a.score || a.title.localeCompare(b.title));
}

/** With an age or sex, only pathways whose gating admits the patient. */
function admitsPatient(pack: CompiledPack, patient?: FinderPatient): (id: string) => boolean {
  const band = patient && (patient.ageDays ?? patient.ageYears) !== undefined ? ageBandOf(ageDaysOf(patient)) : null;
  const sex = patient?.sex;
  return (id) => {
    const gating = pack.pathways[id].gating;
    return (!band || gating.ageBands.includes(band)) && (!sex || gating.sexes.includes(sex));
  };
}
