import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import type { Actor } from '../platform/actor';
import { recordChange, type Platform } from '../platform/context';
import { inTransaction } from '../platform/database';
import { badRequest, notFound, parseWith, unprocessable } from '../platform/errors';
import type { Nation } from './nation';
import { distanceKm, nationAt } from './distance';
import { AreaFile, DistanceRuleFile, SearchDistanceRule, type Area, type District, type Location } from './model';
import { normalisePostcode, parseOnspd, postcodeParts } from './onspd';
import * as store from './store';

const GEO_DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data/geo');
const NEAREST_DISTRICT_LIMIT_KM = 25;

/** Postcodes, areas and search distances. Areas, districts and rules are small and kept in memory. */
export class GeoService {
  private areas = new Map<string, Area>();
  private districts = new Map<string, District>();
  private rules = new Map<string, number>();
  private postcodeCache = new Map<string, Location | null>();

  constructor(private readonly platform: Platform) {}

  /** Loads the shipped areas, postcode districts and distance rules (never overwriting local edits). */
  async loadShippedGeography(dir = GEO_DATA_DIR): Promise<void> {
    const areas = parseWith(AreaFile, YAML.parse(fs.readFileSync(path.join(dir, 'areas.yaml'), 'utf8')), 'areas.yaml');
    const rules = parseWith(DistanceRuleFile, YAML.parse(fs.readFileSync(path.join(dir, 'search-distances.yaml'), 'utf8')), 'search-distances.yaml');
    const districts = parseDistrictCsv(fs.readFileSync(path.join(dir, 'postcode-districts.csv'), 'utf8'));
    await inTransaction(this.platform.db, async (tx) => {
      await store.insertAreasIfMissing(tx, areas.areas.map((a) => ({ ...a, region: a.region ?? null })));
      await store.insertDistrictsIfMissing(tx, districts);
      await store.insertRulesIfMissing(tx, rules.rules);
    });
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const db = this.platform.db;
    this.areas = new Map((await store.listAreas(db)).map((a) => [a.code, a]));
    this.districts = new Map((await store.listDistricts(db)).map((d) => [d.district, d]));
    this.rules = new Map((await store.listRules(db)).map((r) => [`${r.scope}:${r.key}`, r.km]));
    this.postcodeCache.clear();
  }

  listAreas(): Area[] {
    return [...this.areas.values()];
  }

  area(code: string): Area | undefined {
    return this.areas.get(code);
  }

  /** Sets (or clears, with null) the organisation that commissions an area (e.g. a sub-ICB place team). */
  async setAreaCommissioner(actor: Actor, areaCode: string, organisationId: string | null): Promise<void> {
    if (!this.areas.has(areaCode)) throw notFound(`Area ${areaCode}`);
    const at = this.platform.clock.now();
    await inTransaction(this.platform.db, async (tx) => {
      if (organisationId !== null && !(await store.organisationExists(tx, organisationId))) throw notFound(`Organisation ${organisationId}`);
      await store.setAreaCommissioner(tx, areaCode, organisationId);
      await recordChange(tx, actor, at, { type: 'area.commissioner_set', subjectType: 'area', subjectIds: [areaCode], payload: { areaCode, organisationId } });
    });
  }

  /** Codes of the areas these organisations commission (read from the database: it changes rarely, and in any process). */
  areasCommissionedBy(organisationIds: readonly string[]): Promise<string[]> {
    return store.areasCommissionedBy(this.platform.db, organisationIds);
  }

  listDistricts(): District[] {
    return [...this.districts.values()];
  }

  /** A postcode to a place: the full postcode if imported, else its district's centroid; 422 if unknown. */
  async resolvePostcode(input: string, fieldPath = 'postcode'): Promise<Location> {
    const postcode = normalisePostcode(input);
    if (!postcode) throw badRequest(`"${input}" is not a UK postcode`, [{ path: fieldPath, message: 'not a UK postcode' }]);
    const found = await this.lookup(postcode);
    if (!found) {
      throw unprocessable(`Postcode ${postcode} is not known to this directory`, [{ path: fieldPath, message: 'unknown postcode' }], 'unknown_postcode');
    }
    return found;
  }

  private async lookup(postcode: string): Promise<Location | null> {
    if (this.postcodeCache.has(postcode)) return this.postcodeCache.get(postcode)!;
    const { district } = postcodeParts(postcode);
    const row = await store.findPostcode(this.platform.db, postcode);
    let location: Location | null = null;
    if (row) {
      location = {
        postcode,
        lat: row.lat,
        lon: row.lon,
        areaCode: row.area_code,
        nation: (row.nation as Nation | null) ?? this.nationOf(row.area_code),
        district,
        precision: 'postcode',
      };
    } else {
      const centroid = this.districts.get(district);
      if (centroid) {
        location = {
          postcode,
          lat: centroid.lat,
          lon: centroid.lon,
          areaCode: centroid.areaCode,
          nation: this.nationOf(centroid.areaCode),
          district,
          precision: 'district',
        };
      }
    }
    if (this.postcodeCache.size > 50_000) this.postcodeCache.clear();
    this.postcodeCache.set(postcode, location);
    return location;
  }

  /** Coordinates to a place: the area of the nearest known district centroid (within 25 km). */
  locate(lat: number, lon: number): Location {
    let nearest: District | null = null;
    let best = Infinity;
    for (const d of this.districts.values()) {
      const km = distanceKm(lat, lon, d.lat, d.lon);
      if (km < best) {
        best = km;
        nearest = d;
      }
    }
    const near = nearest && best <= NEAREST_DISTRICT_LIMIT_KM ? nearest : null;
    return {
      postcode: null,
      lat,
      lon,
      areaCode: near?.areaCode ?? null,
      nation: near ? this.nationOf(near.areaCode) : nationAt(lat, lon),
      district: near?.district ?? null,
      precision: 'coordinates',
    };
  }

  /** The most specific rule wins: full postcode, sector, district, area, then the national default. */
  defaultSearchDistanceKm(location: Location): number {
    const candidates: [string, string | null][] = [
      ['postcode', location.postcode],
      ['sector', location.postcode ? postcodeParts(location.postcode).sector : null],
      ['district', location.district],
      ['area', location.areaCode],
      ['national', ''],
    ];
    for (const [scope, key] of candidates) {
      if (key === null) continue;
      const km = this.rules.get(`${scope}:${key}`);
      if (km !== undefined) return km;
    }
    return 60;
  }

  listRules(): SearchDistanceRule[] {
    return [...this.rules.entries()].map(([scopeKey, km]) => {
      const [scope, ...key] = scopeKey.split(':');
      return { scope: scope as SearchDistanceRule['scope'], key: key.join(':'), km };
    });
  }

  async setRule(actor: Actor, rule: SearchDistanceRule): Promise<SearchDistanceRule> {
    const normalised = { ...rule, key: this.normaliseRuleKey(rule) };
    const at = this.platform.clock.now();
    await inTransaction(this.platform.db, async (tx) => {
      await store.upsertRule(tx, normalised);
      await recordChange(tx, actor, at, { type: 'geo.distance_rule_set', subjectType: 'search_distance_rule', subjectIds: [`${normalised.scope}:${normalised.key}`], payload: normalised });
    });
    await this.refresh();
    return normalised;
  }

  async deleteRule(actor: Actor, scope: string, key: string): Promise<void> {
    if (scope === 'national') throw badRequest('The national default cannot be removed; set it instead', [{ path: 'scope', message: 'national is required' }]);
    const at = this.platform.clock.now();
    await inTransaction(this.platform.db, async (tx) => {
      if ((await store.deleteRule(tx, scope, key)) === 0) throw notFound(`Search distance rule ${scope} ${key}`);
      await recordChange(tx, actor, at, { type: 'geo.distance_rule_removed', subjectType: 'search_distance_rule', subjectIds: [`${scope}:${key}`] });
    });
    await this.refresh();
  }

  private normaliseRuleKey(rule: SearchDistanceRule): string {
    const fail = (message: string) => badRequest(message, [{ path: 'key', message }]);
    switch (rule.scope) {
      case 'national':
        return '';
      case 'area':
        if (!this.areas.has(rule.key)) throw fail(`unknown area ${rule.key}`);
        return rule.key;
      case 'district':
        if (!/^[A-Z]{1,2}[0-9][0-9A-Z]?$/.test(rule.key.toUpperCase())) throw fail(`${rule.key} is not a postcode district`);
        return rule.key.toUpperCase();
      case 'sector': {
        const key = rule.key.toUpperCase().replace(/\s+/g, ' ').trim();
        if (!/^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9]$/.test(key)) throw fail(`${rule.key} is not a postcode sector like "CT1 1"`);
        return key;
      }
      case 'postcode': {
        const postcode = normalisePostcode(rule.key);
        if (!postcode) throw fail(`${rule.key} is not a postcode`);
        return postcode;
      }
    }
  }

  private nationOf(areaCode: string | null): Nation {
    return (areaCode && this.areas.get(areaCode)?.nation) || 'england-and-wales';
  }

  /** Imports the ONS Postcode Directory CSV in batches, reporting progress by bytes read. */
  async importOnspd(
    actor: Actor,
    file: string,
    options: { areaColumn: string; includeTerminated?: boolean },
    onProgress?: (bytesRead: number, totalBytes: number, rows: number) => void,
  ): Promise<{ imported: number; skipped: number; firstProblems: { line: number; reason: string }[] }> {
    const totalBytes = fs.statSync(file).size;
    const stream = fs.createReadStream(file, { encoding: 'utf8' });
    let bytesRead = 0;
    stream.on('data', (chunk) => (bytesRead += Buffer.byteLength(chunk)));
    const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
    let batch: Parameters<typeof store.upsertPostcodes>[1] = [];
    let imported = 0;
    const flush = async () => {
      await store.upsertPostcodes(this.platform.db, batch);
      imported += batch.length;
      batch = [];
      onProgress?.(bytesRead, totalBytes, imported);
    };
    // One odd row in a 2.7-million-row file should not stop the import: count it and carry on.
    let skipped = 0;
    const firstProblems: { line: number; reason: string }[] = [];
    const onBadRow = (problem: { line: number; reason: string }) => {
      skipped += 1;
      if (firstProblems.length < 20) firstProblems.push(problem);
    };
    for await (const record of parseOnspd(lines, { ...options, onBadRow })) {
      batch.push({ postcode: record.postcode, lat: record.lat, lon: record.lon, areaCode: record.areaCode, nation: record.nation });
      if (batch.length >= 2000) await flush();
    }
    await flush();
    await inTransaction(this.platform.db, (tx) =>
      recordChange(tx, actor, this.platform.clock.now(), { type: 'geo.postcodes_imported', subjectType: 'postcodes', subjectIds: [path.basename(file)], payload: { imported, skipped, areaColumn: options.areaColumn } }),
    );
    this.postcodeCache.clear();
    return { imported, skipped, firstProblems };
  }
}

/** postcode-districts.csv: district,lat,lon,area,town,population (no quoted fields). */
export function parseDistrictCsv(text: string): District[] {
  const [header, ...lines] = text.split(/\r?\n/).filter((line) => line.trim() && !line.startsWith('#'));
  const columns = header.split(',').map((c) => c.trim());
  const at = (name: string) => {
    const index = columns.indexOf(name);
    if (index < 0) throw new Error(`postcode-districts.csv: no "${name}" column`);
    return index;
  };
  const [d, lat, lon, area, town, pop] = ['district', 'lat', 'lon', 'area', 'town', 'population'].map(at);
  return lines.map((line, i) => {
    const cells = line.split(',').map((c) => c.trim());
    const district: District = {
      district: cells[d].toUpperCase(),
      lat: Number(cells[lat]),
      lon: Number(cells[lon]),
      areaCode: cells[area] || null,
      town: cells[town] || null,
      population: cells[pop] ? Number(cells[pop]) : null,
    };
    if (!Number.isFinite(district.lat) || !Number.isFinite(district.lon)) {
      throw new Error(`postcode-districts.csv line ${i + 2}: bad coordinates`);
    }
    return district;
  });
}
