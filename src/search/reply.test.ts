// The hand-made search reply must be exactly what JSON.stringify gives, for every kind of result.
import { describe, expect, it } from 'vitest';
import { BankHolidayCalendar } from '../directory/bank-holidays';
import { Catalogue } from '../directory/catalogue';
import { generateNationalDirectory } from '../demo/national';
import { Random } from '../demo/random';
import { search } from './engine';
import { makeService, nationalServices, testQuery } from './fixtures';
import { DirectoryIndex } from './index';
import type { SearchQuery } from './model';
import { searchReplyJson, searchResultJson } from './reply';

const catalogue = Catalogue.load();
const calendar = new BankHolidayCalendar();

function query(overrides: Partial<SearchQuery> = {}): SearchQuery {
  return testQuery(catalogue.disposition('Dx05')!, overrides);
}

/** The reply as the search service shapes it (results, then the rest). */
function reply(index: DirectoryIndex, q: SearchQuery) {
  const { results, catchAll, windowEnd, distanceKm, considered } = search(index, q);
  return { results, catchAll, windowEnd, distanceKm, considered, query: { location: { postcode: null, lat: q.lat, lon: q.lon }, at: q.at, distanceKm: q.distanceKm } };
}

describe('search reply JSON', () => {
  it('is byte for byte JSON.stringify over a generated national directory', () => {
    const services = nationalServices(generateNationalDirectory(3000, catalogue).services);
    const index = new DirectoryIndex(services, { catalogue, calendar });
    const random = new Random(7);
    const capacities = services.filter(() => random.next() < 0.2);
    for (const s of capacities) {
      index.setCapacity(s.id, { status: random.pick(['green', 'amber', 'red'] as const), reason: random.pick([null, 'staff "off" sick', 'beds — none\nleft']), setBy: 'ward', setAt: new Date('2026-03-10T10:00:00Z'), resetAt: new Date(random.pick(['2026-03-10T12:00:00Z', '2026-03-10T18:00:00Z'])) });
    }
    let results = 0;
    for (let i = 0; i < 300; i++) {
      const s = random.pick(services);
      const pair = random.pick(s.coverage.symptoms);
      const q = query({
        lat: s.lat + (random.next() - 0.5) / 10,
        lon: s.lon + (random.next() - 0.5) / 10,
        areaCode: s.areaCode,
        disposition: catalogue.disposition(random.pick(s.coverage.dispositions))!,
        symptomGroup: pair.sg,
        symptomDiscriminators: [pair.sd],
        at: new Date(Date.UTC(2026, 2, 1) + random.int(0, 60 * 24 * 30) * 60_000),
        distanceKm: random.pick([5, 20, 60]),
      });
      const r = reply(index, q);
      results += r.results.length;
      // Twice: the second time from the cached service fragments.
      expect(searchReplyJson(r)).toBe(JSON.stringify(r));
      expect(searchReplyJson(r)).toBe(JSON.stringify(r));
    }
    expect(results).toBeGreaterThan(300);
  });

  it('handles missing optional sections, escapes text, and results without their source', () => {
    const s = makeService({ id: 1, name: 'Quote "and" back\\slash — ünïcode\u2028' });
    const bare = { ...s, contacts: undefined as never, address: undefined as never };
    const index = new DirectoryIndex([bare], { catalogue, calendar });
    const r = reply(index, query());
    expect(r.results).toHaveLength(1);
    expect(searchReplyJson(r)).toBe(JSON.stringify(r));
    const copy = { ...r.results[0] };
    expect(searchResultJson(copy)).toBe(JSON.stringify(copy));
    expect(searchReplyJson({ results: [] })).toBe('{"results":[]}');
  });

  it('follows a change to the service (a new version is a new fragment)', () => {
    const index = new DirectoryIndex([makeService({ id: 1, name: 'Old name' })], { catalogue, calendar });
    expect(searchReplyJson(reply(index, query()))).toContain('"name":"Old name"');
    index.upsert({ ...makeService({ id: 1, name: 'New name' }), version: 2 });
    const after = reply(index, query());
    expect(searchReplyJson(after)).toContain('"name":"New name"');
    expect(searchReplyJson(after)).toBe(JSON.stringify(after));
  });
});
