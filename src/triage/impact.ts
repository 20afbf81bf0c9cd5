// Replay impact: what would change for patients if a version replaced another. Sessions recorded on
// the old version, and a seeded corpus walked on it, are replayed on the new one.
import { conflict } from '../platform/errors';
import type { ContentLibrary } from './library';
import type { CompiledPack } from './model';
import { generateCorpus, replay } from './replay';
import type { Impact } from './requests';
import * as store from './store';
import { trimReport, type ImpactReport } from './views';

const RECORDED_PAGE = 5000;

export interface ComparedPack {
  id: string | null;
  label: string;
  pack: CompiledPack;
}

export class ContentImpact {
  constructor(private readonly library: ContentLibrary) {}

  /** Replays every session recorded on `from`, and a corpus generated on it, against `to`. */
  async impact(fromId: string, toId: string, options: { corpus?: number; seed?: number } = {}): Promise<ImpactReport> {
    const from = await this.library.getVersion(fromId);
    const to = await this.library.getVersion(toId);
    const [fromPack, toPack] = [await this.library.packOf(this.library.db, from), await this.library.packOf(this.library.db, to)];
    return this.compare(
      { id: from.id, label: from.label, pack: fromPack },
      { id: to.id, label: to.label, pack: toPack },
      options,
    );
  }

  /** Impact of publishing a version, against `against` or what its area runs on now. */
  async impactOf(id: string, q: Impact): Promise<ImpactReport> {
    const version = await this.library.getVersion(id);
    let against = q.against;
    if (!against) {
      const current = await this.library.publishedFor(version.areaCode);
      if (!current) throw conflict('Nothing is published to compare with; give against=<version id>', [{ path: 'query.against', message: 'required' }], 'no_published_content');
      if (current.id === id) throw conflict(`${id} is what is published now; give against=<version id> to compare it with another`, [{ path: 'query.against', message: 'required' }]);
      against = current.id;
    }
    return this.impact(against, id, { corpus: q.corpus, seed: q.seed });
  }

  /** Compares two packs; sessions recorded on `from.id` (when it is a stored version) are replayed too. */
  async compare(from: ComparedPack, to: ComparedPack, options: { corpus?: number; seed?: number } = {}): Promise<ImpactReport> {
    const seed = options.seed ?? 2025;
    const recorded = from.id ? await this.recordedSessions(from.id) : [];
    // The corpus's fixed date (generateCorpus's default) keeps a report reproducible from day to day.
    const corpus = generateCorpus(from.pack, options.corpus ?? 2000, seed);
    return {
      from: { id: from.id, label: from.label, contentVersion: from.pack.contentVersion },
      to: { id: to.id, label: to.label, contentVersion: to.pack.contentVersion },
      recorded: trimReport(replay(from.pack, to.pack, recorded)),
      corpus: { ...trimReport(replay(from.pack, to.pack, corpus)), seed },
    };
  }

  private async recordedSessions(versionId: string) {
    const all = [];
    let after: string | null = null;
    for (;;) {
      const page = await store.recordedSessions(this.library.db, versionId, after, RECORDED_PAGE);
      all.push(...page);
      if (page.length < RECORDED_PAGE) return all;
      after = page[page.length - 1].id;
    }
  }
}
