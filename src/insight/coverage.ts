// Coverage analysis as a use case (the sweep itself is the pure src/search/coverage.ts). Three rules
// keep it from hurting anyone else (issue 11, item 12):
//  - it never runs in the thread that serves requests: sweeps run in a worker thread
//    (coverage-runner.ts), one at a time, so searches carry on during a sweep;
//  - a result is kept per directory version (the last service or bank holiday event the index has
//    applied, and which index): asking again is instant, and any change to the directory makes the
//    next request sweep again;
//  - the reply is bounded: by default only the caller's own areas, areas without any service in
//    reach listed once, and one page of gap ranges with a summary (coverage-model.ts states the bound).
import type { Actor } from '../platform/actor';
import { badRequest, type ErrorDetail } from '../platform/errors';
import { TooManyRequests } from '../platform/reply-headers';
import type { EventFollower, StoredEvent } from '../platform/events';
import type { Catalogue, Timeframe } from '../directory/catalogue';
import type { DirectoryService } from '../directory/service';
import type { GeoService } from '../geo/service';
import type { IdentityService } from '../identity/service';
import type { CoveragePlace, CoverageService as SweptService } from '../search/coverage';
import type { DirectoryIndex } from '../search/index';
import type { SearchService } from '../search/service';
import type { CoverageQuery, CoverageReply } from './coverage-model';
import type { SweepRequest } from './coverage-protocol';
import { packedBytes, packedRanges, unpackGaps } from './coverage-report';
import { CoverageThread, type DirectoryCopy, type SweepResult } from './coverage-runner';

/** Results kept: a few weeks × area choices; typed arrays only, so a few MB each at most for a region. */
const CACHE_ENTRIES = 16;
const CACHE_BYTES = 256 * 1024 * 1024;
/** Sweeps waiting for the one worker thread beyond this are refused (429, try again): a few requests must not queue minutes of work. */
export const MAX_QUEUED_SWEEPS = 4;

type Sweep = Promise<SweepResult>;
/** The events after which the search index holds a changed directory (as SearchService follows them), and bank holidays. */
const DIRECTORY_EVENTS = new Set(['service.created', 'service.updated', 'service.imported']);

export class CoverageAnalysis {
  private readonly thread = new CoverageThread();
  private readonly cache = new Map<string, { version: string; result: Sweep; bytes: number; settled: boolean }>();
  /** The last directory event (service or bank holiday) seen; the search index has applied it by then. */
  private directoryEventId = 0;
  private readonly indexNumbers = new WeakMap<DirectoryIndex, number>();
  private indexCount = 0;

  constructor(
    private readonly deps: {
      search: SearchService;
      geo: GeoService;
      directory: DirectoryService;
      identity: IdentityService;
      catalogue: Catalogue;
      events: EventFollower;
    },
  ) {
    // Subscribed after the search service: handlers run in order, so the index has applied the event.
    deps.events.subscribe((event) => this.follow(event));
  }

  private follow(event: StoredEvent): void {
    if (DIRECTORY_EVENTS.has(event.type) || event.type.startsWith('bank_holiday.')) this.directoryEventId = event.id;
  }

  /** What identifies the directory's state: which index, and the last directory event it applied. */
  directoryVersion(): string {
    const index = this.deps.search.directoryIndex;
    let n = this.indexNumbers.get(index);
    if (n === undefined) this.indexNumbers.set(index, (n = ++this.indexCount));
    return `${n}.${this.directoryEventId}`;
  }

  /** The coverage of a week for the HTTP API (`actor` set: default areas are theirs) or the CLI (`actor` null: every area). */
  async report(actor: Actor | null, query: CoverageQuery): Promise<CoverageReply> {
    const areaCodes = query.area ?? (await this.defaultAreas(actor));
    this.checkCodes(areaCodes, query.disposition);
    const places = this.areaPlaces(areaCodes);
    const request: SweepRequest = {
      weekStart: query.week,
      places,
      distancesKm: places.map((p) => this.deps.geo.defaultSearchDistanceKm(this.deps.geo.locate(p.lat, p.lon))),
      dispositions: query.disposition,
      mode: query.mode,
    };
    const version = this.directoryVersion();
    const { result, cached } = this.sweep(version, request);
    const { packed, ms } = await result;
    const total = packedRanges(packed);
    const offset = Math.min(query.offset, total);
    const end = Math.min(total, offset + query.limit);
    return {
      weekStart: packed.weekStart,
      from: new Date(packed.from),
      to: new Date(packed.to),
      mode: packed.mode,
      slotMinutes: packed.slotMinutes,
      directoryVersion: version,
      cached,
      sweepMs: ms,
      areas: packed.areas,
      areasWithoutServices: packed.areasWithoutServices,
      totals: packed.totals,
      summary: packed.summary,
      gaps: unpackGaps(packed, offset, query.limit),
      page: { offset, limit: query.limit, total, nextOffset: end < total ? end : null },
    };
  }

  /** Sweeps running or waiting for the worker thread. */
  get sweepsInFlight(): number {
    return this.thread.busy;
  }

  /** Test hook: stops the worker thread (as on a very long sweep) until the returned function is called. */
  holdThread(): () => void {
    return this.thread.hold();
  }

  close(): Promise<void> {
    return this.thread.close();
  }

  /** Without areas named: the areas of the caller's organisation and those below it; none → 400 naming query.area. */
  private async defaultAreas(actor: Actor | null): Promise<string[]> {
    if (actor === null) return this.deps.geo.listAreas().map((a) => a.code);
    const scope = actor.organisationId ? await this.deps.identity.organisationScope(actor.organisationId) : [];
    const codes = await this.deps.geo.areasCommissionedBy(scope);
    if (!codes.length) {
      const message = 'name one or more areas: your organisation commissions none';
      throw badRequest(`query.area: ${message}`, [{ path: 'query.area', message }]);
    }
    return codes;
  }

  private checkCodes(areaCodes: readonly string[], dispositions: readonly string[] | undefined): void {
    const problems: ErrorDetail[] = [];
    areaCodes.forEach((code, i) => {
      if (!this.deps.geo.area(code)) problems.push({ path: areaCodes.length > 1 ? `query.area.${i}` : 'query.area', message: `unknown area ${code}` });
    });
    dispositions?.forEach((code, i) => {
      if (!this.deps.catalogue.disposition(code)) problems.push({ path: dispositions.length > 1 ? `query.disposition.${i}` : 'query.disposition', message: `unknown disposition ${code}` });
    });
    if (problems.length) throw badRequest(problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  }

  /** The result for this directory version and request: kept, being computed, or started now. */
  private sweep(version: string, request: SweepRequest): { result: Sweep; cached: boolean } {
    for (const [key, entry] of this.cache) if (entry.version !== version) this.cache.delete(key);
    const key = JSON.stringify(request);
    const found = this.cache.get(key);
    if (found) {
      // Most recently used last.
      this.cache.delete(key);
      this.cache.set(key, found);
      return { result: found.result, cached: true };
    }
    if (this.thread.busy >= MAX_QUEUED_SWEEPS) {
      throw new TooManyRequests(`${this.thread.busy} coverage analyses are already running or waiting: try again in a minute`, 60_000, 'coverage_busy');
    }
    const entry = { version, result: this.thread.sweep(this.directoryCopy(version), request), bytes: 0, settled: false };
    this.cache.set(key, entry);
    entry.result.then(
      ({ packed }) => {
        entry.bytes = packedBytes(packed);
        entry.settled = true;
        this.trimCache();
      },
      () => this.cache.delete(key),
    );
    return { result: entry.result, cached: false };
  }

  private trimCache(): void {
    let bytes = 0;
    for (const entry of this.cache.values()) bytes += entry.bytes;
    for (const [key, entry] of this.cache) {
      if (this.cache.size <= CACHE_ENTRIES && bytes <= CACHE_BYTES) break;
      // A sweep still running stays: asking again must find it, not start it a second time.
      if (!entry.settled) continue;
      this.cache.delete(key);
      bytes -= entry.bytes;
    }
  }

  /** What the worker thread needs of the directory at this version (read only if it has another). */
  private directoryCopy(version: string): DirectoryCopy {
    const index = this.deps.search.directoryIndex;
    return {
      version,
      services: () => {
        const services: SweptService[] = [];
        for (const s of index.services()) {
          if (s.status !== 'active') continue;
          services.push({ status: s.status, lat: s.lat, lon: s.lon, nation: s.nation, openingTimes: s.openingTimes, coverage: s.coverage, areas: s.areas });
        }
        return services;
      },
      holidays: () => this.deps.directory.listHolidayOverrides(),
      timeframes: () => {
        const timeframes: Record<string, Timeframe> = {};
        for (const d of this.deps.catalogue.dispositions) timeframes[d.code] = d.timeframe;
        return timeframes;
      },
    };
  }

  /** Each area's population-weighted centre, from its postcode districts (areas without districts are left out). */
  private areaPlaces(areaCodes: readonly string[]): CoveragePlace[] {
    const districts = this.deps.geo.listDistricts();
    return [...new Set(areaCodes)].flatMap((code) => {
      const area = this.deps.geo.area(code)!;
      const own = districts.filter((d) => d.areaCode === code);
      if (!own.length) return [];
      const weight = own.reduce((sum, d) => sum + (d.population ?? 1), 0);
      const lat = own.reduce((sum, d) => sum + d.lat * (d.population ?? 1), 0) / weight;
      const lon = own.reduce((sum, d) => sum + d.lon * (d.population ?? 1), 0) / weight;
      return [{ areaCode: code, name: area.name, lat, lon }];
    });
  }
}
