// Why this file exists: a GP describes what the patient cannot do ("cannot inject insulin", "lives
// alone", "broken arm"), not which service type to ask for (issue 16, the ten-minute test). This turns
// each need, in words or as a capability code, into one capability of the catalogue: words are
// stemmed and matched against each capability's name, code and need phrases (data/reference/
// capabilities.yaml), so "injecting", "injections" and "inject" meet. Pure: built once from the catalogue.
import MiniSearch from 'minisearch';
import { stemmer } from 'stemmer';
import type { Capability } from './catalogue';

/** Words that say nothing about which capability is meant ("cannot", "her", "help"). */
const STOP_WORDS = new Set([
  'a', 'an', 'and', 'any', 'are', 'at', 'be', 'by', 'can', 'cannot', 'cant', 'does', 'doesnt', 'for', 'from', 'has', 'have',
  'he', 'help', 'her', 'herself', 'him', 'himself', 'his', 'in', 'is', 'it', 'its', 'me', 'my', 'need', 'needs', 'not', 'of',
  'on', 'or', 'own', 'patient', 'she', 'some', 'the', 'their', 'them', 'themselves', 'they', 'to', 'unable', 'with', 'who',
  'will', 'would', 'able', 'do', 'get', 'getting', 'carry', 'out', 'basic',
]);

/** A capability code as typed: lower-case words joined by hyphens ("insulin-administration"). */
const CODE_SHAPE = /^[a-z][a-z0-9]*(-[a-z0-9]+)+$/;

/** How close to the best match a capability's score must be to count as meant by free text. */
const NEAR_BEST = 0.6;

export interface MatchedNeed {
  /** the need as asked */
  need: string;
  capability: Capability;
  /** 'code' when the need named the capability; 'words' when matched from words */
  by: 'code' | 'words';
}

export type NeedMatch = { ok: true; matched: MatchedNeed } | { ok: false; need: string; problem: string };

/** Lower-case words of a phrase, stop words dropped, stemmed ("Cannot inject insulin" → inject, insulin). */
export function needTerms(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().replace(/['’]/g, '').split(/[^a-z0-9]+/)) {
    if (!raw || STOP_WORDS.has(raw)) continue;
    out.push(stemmer(raw));
  }
  return out;
}

export class NeedsMatcher {
  private readonly byCode: ReadonlyMap<string, Capability>;
  /** a need phrase's terms ("dress" for "cannot dress") → the capability it is a phrase of (the first, if several) */
  private readonly byPhrase = new Map<string, Capability>();
  private readonly engine: MiniSearch<{ id: string; name: string; code: string; needs: string }>;

  constructor(capabilities: readonly Capability[]) {
    this.byCode = new Map(capabilities.map((c) => [c.code, c]));
    for (const c of capabilities) {
      for (const phrase of [c.name, ...c.needs]) {
        const key = needTerms(phrase).join(' ');
        if (key && !this.byPhrase.has(key)) this.byPhrase.set(key, c);
      }
    }
    this.engine = new MiniSearch({
      fields: ['name', 'code', 'needs'],
      tokenize: (text) => text.split(/[^A-Za-z0-9'’]+/),
      processTerm: (term) => {
        const word = term.toLowerCase().replace(/['’]/g, '');
        return word && !STOP_WORDS.has(word) ? stemmer(word) : null;
      },
      searchOptions: { boost: { needs: 2, name: 1.5 }, fuzzy: (term) => (term.length > 5 ? 0.2 : false), prefix: (term) => term.length > 3 },
    });
    this.engine.addAll(capabilities.map((c) => ({ id: c.code, name: c.name, code: c.code.replace(/-/g, ' '), needs: c.needs.join(' | ') })));
  }

  /** One need → its capability, or why not (an unknown code, or words that match nothing). */
  match(need: string): NeedMatch {
    const text = need.trim();
    const asCode = text.toLowerCase();
    const known = this.byCode.get(asCode);
    if (known) return { ok: true, matched: { need: text, capability: known, by: 'code' } };
    if (CODE_SHAPE.test(text)) return { ok: false, need: text, problem: `unknown capability ${text}` };
    const terms = needTerms(text);
    if (!terms.length) return { ok: false, need: text, problem: `“${text}” does not say what the patient needs` };
    // One of the catalogue's own phrases, as typed: no need to weigh near misses.
    const phrase = this.byPhrase.get(terms.join(' '));
    if (phrase) return { ok: true, matched: { need: text, capability: phrase, by: 'words' } };
    const [best] = this.engine.search(text);
    if (!best) return { ok: false, need: text, problem: `no service capability matches the need “${text}”` };
    return { ok: true, matched: { need: text, capability: this.byCode.get(best.id)!, by: 'words' } };
  }

  /** Capabilities whose name, code or need phrases match free text (the directory browser's search). */
  capabilitiesMatching(text: string, limit = 3): string[] {
    const terms = needTerms(text);
    if (!terms.length) return [];
    const phrase = this.byPhrase.get(terms.join(' '));
    if (phrase) return [phrase.code];
    const hits = this.engine.search(text, { combineWith: 'AND' });
    // Near the best only: a weak partial match would bury the services meant under others.
    return hits.filter((h) => h.score >= hits[0].score * NEAR_BEST).slice(0, limit).map((r) => r.id);
  }
}
