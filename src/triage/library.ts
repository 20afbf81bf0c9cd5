// Reading triage content: content versions, what an area runs on now, and their compiled packs
// (cached) and scenario test results. Every triage use case reads content through one library.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import type { Platform } from '../platform/context';
import type { Executor } from '../platform/database';
import { conflict, notFound } from '../platform/errors';
import { loadPackFromDir } from './compiler';
import type { CodeCatalogue, CompiledPack, ContentFile } from './model';
import { VersionListQuery, type VersionList } from './requests';
import { runScenarioTests, type ScenarioResult } from './scenarios';
import * as store from './store';
import type { ContentVersion } from './store';
import { summariseTests, type TestSummary, type VersionDetail } from './views';

export const SHIPPED_CONTENT_DIR = fileURLToPath(new URL('../../content/national', import.meta.url));
/** Event subjects of the triage module. */
export const SUBJECT_VERSION = 'triage_content_version';
export const SUBJECT_SESSION = 'triage_session';
const ZONE = 'Europe/London';
const PACK_CACHE_SIZE = 16;

export interface TriageDeps {
  catalogue: CodeCatalogue;
  /** The national pack shipped with Signpost (default content/national). */
  contentDir?: string;
  /** Refuses a publish that makes care less urgent without a second reviewer's sign-off (safety.ts). */
  safetyGuard?: { assertSafeToPublish(version: ContentVersion): Promise<string | null> };
}

/** Reads a pack directory with paths relative to it, as content versions store them. */
export function readPackDir(dir: string): ContentFile[] {
  return loadPackFromDir(dir).map((f) => ({ path: path.relative(dir, f.path).split(path.sep).join('/'), text: f.text }));
}

export function newVersionId(): string {
  return `tcv_${randomUUID()}`;
}

export class ContentLibrary {
  /** Compiled packs by content version (id@version+hash): immutable, so never stale. */
  private readonly packs = new Map<string, CompiledPack>();
  private readonly testRuns = new WeakMap<CompiledPack, ScenarioResult[]>();

  constructor(
    private readonly platform: Platform,
    readonly deps: TriageDeps,
  ) {}

  get db() {
    return this.platform.db;
  }

  now(): Date {
    return this.platform.clock.now();
  }

  /** Today's date in Europe/London, YYYY-MM-DD. */
  today(): string {
    return DateTime.fromJSDate(this.now(), { zone: ZONE }).toISODate() as string;
  }

  async getVersion(id: string, db: Executor = this.db): Promise<ContentVersion> {
    const version = await store.findVersion(db, id);
    if (!version) throw notFound(`Content version ${id}`);
    return version;
  }

  listVersions(q: VersionList = VersionListQuery.parse({})): Promise<ContentVersion[]> {
    return store.listVersions(this.db, { status: q.status, areaCode: q.areaCode, national: q.national === 'true', limit: q.limit });
  }

  async versionDetail(id: string): Promise<VersionDetail> {
    const version = await this.getVersion(id);
    const pack = await this.packOf(this.db, version);
    const base = version.overlayOf ? ((await store.findVersion(this.db, version.overlayOf)) ?? null) : null;
    return {
      version,
      base,
      pathways: pack.pathwayOrder.length,
      problems: await store.loadProblems(this.db, id),
      tests: summariseTests(this.scenarioResults(pack)),
    };
  }

  async versionFiles(id: string): Promise<ContentFile[]> {
    await this.getVersion(id);
    return (await store.loadFiles(this.db, id)) ?? [];
  }

  async testResults(id: string): Promise<{ contentVersion: string; summary: TestSummary; results: ScenarioResult[] }> {
    const version = await this.getVersion(id);
    const results = this.scenarioResults(await this.packOf(this.db, version));
    return { contentVersion: version.contentVersion, summary: summariseTests(results), results };
  }

  /** The compiled pack of a version (for the CLI and for replay). */
  async packOfVersion(id: string): Promise<CompiledPack> {
    return this.packOf(this.db, await this.getVersion(id));
  }

  /** What new sessions in an area run on: its own published variation, else the national content. */
  async publishedFor(areaCode: string | null, db: Executor = this.db): Promise<ContentVersion | undefined> {
    if (areaCode) {
      const local = await store.findPublished(db, areaCode);
      if (local) return local;
    }
    return store.findPublished(db, null);
  }

  /** The compiled pack an area runs on now. */
  async publishedPack(areaCode: string | null): Promise<CompiledPack> {
    const version = await this.publishedFor(areaCode);
    if (!version) throw conflict('No triage content is published', [], 'no_published_content');
    return this.packOf(this.db, version);
  }

  /** The scenario tests of a pack, run once per pack. */
  scenarioResults(pack: CompiledPack): ScenarioResult[] {
    let results = this.testRuns.get(pack);
    if (!results) {
      results = runScenarioTests(pack);
      this.testRuns.set(pack, results);
    }
    return results;
  }

  // ---- the pack cache ----

  async packOf(db: Executor, version: ContentVersion): Promise<CompiledPack> {
    const cached = this.packs.get(version.contentVersion);
    if (cached) {
      // Most recently used last, so the oldest is dropped first.
      this.packs.delete(version.contentVersion);
      this.packs.set(version.contentVersion, cached);
      return cached;
    }
    const pack = await store.loadCompiled(db, version.id);
    if (!pack) throw notFound(`Content version ${version.id}`);
    this.remember(pack);
    return pack;
  }

  /** Keeps a pack just compiled, so its first use does not load it back. */
  remember(pack: CompiledPack): void {
    this.packs.delete(pack.contentVersion);
    this.packs.set(pack.contentVersion, pack);
    while (this.packs.size > PACK_CACHE_SIZE) this.packs.delete(this.packs.keys().next().value as string);
  }
}
