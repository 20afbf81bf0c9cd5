// Writing triage content: create a draft (national, or a local variation overlaying reviewed
// national content), replace its files, submit it for review, and the second lead's review.
// Publishing and withdrawal are in publication.ts.
import type { Actor } from '../platform/actor';
import { recordChange } from '../platform/context';
import { inTransaction } from '../platform/database';
import { badRequest, conflict, forbidden, notFound, type AppError, type ErrorDetail } from '../platform/errors';
import { compilePack, hasErrors, overlayPack } from './compiler';
import { assertGovernance, wrongState } from './guards';
import { newVersionId, SUBJECT_VERSION, type ContentLibrary } from './library';
import type { CompiledPack, ContentFile, ContentProblem } from './model';
import type { CreateVersionInput, ReviewInput, UpdateFilesInput } from './requests';
import * as store from './store';
import type { ContentVersion } from './store';
import { summariseTests, type VersionDetail } from './views';

/** Base files are named with this prefix in an overlay's compile problems, so authors can tell them apart. */
const BASE_PREFIX = 'base/';

type OverlayBase = { version: ContentVersion; files: ContentFile[] };

export class ContentAuthoring {
  constructor(private readonly library: ContentLibrary) {}

  private get db() {
    return this.library.db;
  }

  async createVersion(actor: Actor, body: CreateVersionInput): Promise<VersionDetail> {
    assertGovernance(actor);
    let files: ContentFile[] = [];
    let overlayOf = body.overlayOf ?? null;
    let areaCode = body.areaCode ?? null;
    if (body.basedOn) {
      const source = await store.findVersion(this.db, body.basedOn);
      if (!source) throw badRequest(`There is no content version ${body.basedOn} to copy`, [{ path: 'basedOn', message: 'not found' }]);
      files = (await store.loadFiles(this.db, source.id)) ?? [];
      if (!body.overlayOf && source.overlayOf) {
        overlayOf = source.overlayOf;
        areaCode ??= source.areaCode;
      }
    }
    files = mergeFiles(files, body.files ?? []);
    if (areaCode && !overlayOf) {
      throw badRequest('Content for one area is a local variation: give overlayOf, the national version it varies', [{ path: 'overlayOf', message: 'required with areaCode' }]);
    }
    if (overlayOf && !areaCode) throw badRequest('A local variation needs the areaCode it applies to', [{ path: 'areaCode', message: 'required with overlayOf' }]);
    if (areaCode && !(await store.areaExists(this.db, areaCode))) throw badRequest(`There is no area ${areaCode}`, [{ path: 'areaCode', message: 'unknown area' }]);
    const base = overlayOf ? await this.overlayBase(overlayOf) : null;
    const { pack, problems } = this.compileOrThrow(files, base, areaCode);
    const at = this.library.now();
    const version = await inTransaction(this.db, async (tx) => {
      const created = await store.insertVersion(tx, {
        id: newVersionId(),
        packId: pack.id,
        label: body.label,
        areaCode,
        overlayOf,
        status: 'draft',
        files,
        compiled: pack,
        problems,
        author: actor.id,
        at,
      });
      await recordChange(tx, actor, at, {
        type: 'triage.content_created',
        subjectType: SUBJECT_VERSION,
        subjectIds: [created.id],
        payload: { label: created.label, areaCode, overlayOf, basedOn: body.basedOn ?? null, contentVersion: created.contentVersion, files: files.length },
      });
      return created;
    });
    this.library.remember(pack);
    return this.detailOf(version, pack, base?.version ?? null, problems);
  }

  /** Replaces a draft's files (the whole set); only the author edits, and only while it is a draft. */
  async updateFiles(actor: Actor, id: string, body: UpdateFilesInput): Promise<VersionDetail> {
    assertGovernance(actor);
    const version = await this.library.getVersion(id);
    assertEditable(version, actor);
    const base = version.overlayOf ? await this.overlayBase(version.overlayOf) : null;
    const files = mergeFiles([], body.files);
    const { pack, problems } = this.compileOrThrow(files, base, version.areaCode);
    const at = this.library.now();
    const updated = await inTransaction(this.db, async (tx) => {
      const locked = (await store.findVersion(tx, id, 'update'))!;
      assertEditable(locked, actor);
      const saved = await store.updateVersion(tx, id, { files, compiled: pack, problems, label: body.label, at });
      await recordChange(tx, actor, at, {
        type: 'triage.content_updated',
        subjectType: SUBJECT_VERSION,
        subjectIds: [id],
        payload: { contentVersion: saved.contentVersion, previous: locked.contentVersion, files: files.length },
      });
      return saved;
    });
    this.library.remember(pack);
    return this.detailOf(updated, pack, base?.version ?? null, problems);
  }

  /** Sends a draft for review; its scenario tests must all pass. */
  async submit(actor: Actor, id: string): Promise<ContentVersion> {
    assertGovernance(actor);
    const version = await this.library.getVersion(id);
    if (version.status !== 'draft') throw wrongState(version, 'only a draft can be submitted for review');
    const tests = summariseTests(this.library.scenarioResults(await this.library.packOf(this.db, version)));
    if (tests.failed > 0) {
      const details = tests.failures.slice(0, 100).map((f) => ({ path: f.at, message: `${f.pathwayId}: ${f.name}: ${f.failures.join('; ')}` }));
      throw conflict(`${tests.failed} of ${tests.total} scenario tests fail; fix them before submitting`, details, 'scenario_tests_failed');
    }
    return this.transition(actor, id, 'triage.content_submitted', (locked) => {
      if (locked.status !== 'draft') throw wrongState(locked, 'only a draft can be submitted for review');
      if (locked.contentVersion !== version.contentVersion) throw conflict('The draft changed while it was being submitted; submit it again', [], 'stale_content');
      return {
        change: { status: 'in_review', submittedBy: actor.id, submittedAt: this.library.now(), reviewer: null, reviewReason: null, reviewedAt: null },
        payload: { contentVersion: locked.contentVersion, tests: tests.total },
      };
    });
  }

  /** A second clinical governance lead approves or rejects (back to draft) a version in review. */
  async review(actor: Actor, id: string, { decision, reason }: ReviewInput): Promise<ContentVersion> {
    assertGovernance(actor);
    const type = decision === 'approve' ? 'triage.content_approved' : 'triage.content_rejected';
    return this.transition(actor, id, type, (locked) => {
      if (locked.author === actor.id) throw forbidden('You wrote this version: another clinical governance lead must review it');
      if (locked.status !== 'in_review') throw wrongState(locked, 'only a version in review can be approved or rejected');
      const at = this.library.now();
      const reviewed = { reviewer: actor.id, reviewReason: reason || null, reviewedAt: at };
      return {
        change: decision === 'approve' ? { ...reviewed, status: 'approved', approvedAt: at } : { ...reviewed, status: 'draft' },
        payload: { decision, reason: reason || null, contentVersion: locked.contentVersion },
      };
    });
  }

  private async transition(
    actor: Actor,
    id: string,
    type: string,
    decide: (locked: ContentVersion) => { change: Omit<store.VersionChange, 'at'>; payload: Record<string, unknown> },
  ): Promise<ContentVersion> {
    const at = this.library.now();
    return inTransaction(this.db, async (tx) => {
      const locked = await store.findVersion(tx, id, 'update');
      if (!locked) throw notFound(`Content version ${id}`);
      const { change, payload } = decide(locked);
      const saved = await store.updateVersion(tx, id, { ...change, at });
      await recordChange(tx, actor, at, { type, subjectType: SUBJECT_VERSION, subjectIds: [id], payload: { from: locked.status, to: saved.status, ...payload } });
      return saved;
    });
  }

  /** The national version under a local variation: it must have passed review and not be withdrawn. */
  private async overlayBase(id: string): Promise<OverlayBase> {
    const version = await store.findVersion(this.db, id);
    if (!version) throw badRequest(`There is no content version ${id} to overlay`, [{ path: 'overlayOf', message: 'not found' }]);
    if (version.areaCode !== null || version.overlayOf !== null) {
      throw badRequest(`${id} is itself a local variation; a variation overlays a national version`, [{ path: 'overlayOf', message: 'not national' }]);
    }
    if (version.status === 'draft' || version.status === 'in_review' || version.status === 'withdrawn') {
      throw conflict(`National version ${id} is ${version.status.replace('_', ' ')}; a local variation overlays reviewed national content`, [{ path: 'overlayOf', message: version.status }], 'invalid_state');
    }
    return { version, files: (await store.loadFiles(this.db, id)) ?? [] };
  }

  private compileOrThrow(files: ContentFile[], base: OverlayBase | null, areaCode: string | null) {
    const input = base ? overlayPack(base.files.map((f) => ({ ...f, path: `${BASE_PREFIX}${f.path}` })), files) : files;
    const { pack, problems } = compilePack(input, this.library.deps.catalogue);
    const packFile = files.find((f) => /^pack:/m.test(f.text))?.path ?? files[0]?.path ?? 'pack.yaml';
    const extra: ContentProblem[] = [];
    const problem = (message: string) => extra.push({ file: packFile, line: 1, message, severity: 'error' });
    if (base && !pack.overlayOf) problem(`a local variation needs a pack.yaml with overlayOf: ${base.version.packId}`);
    if (!base && pack.overlayOf) problem(`this is a local variation of '${pack.overlayOf}': create it with overlayOf, the id of the national version it varies`);
    if (base && pack.area && pack.area !== areaCode) problem(`pack.yaml says area: ${pack.area}, but this variation is for ${areaCode}`);
    const all = [...problems, ...extra];
    if (hasErrors(all)) throw contentInvalid(all);
    return { pack, problems: all };
  }

  private detailOf(version: ContentVersion, pack: CompiledPack, base: ContentVersion | null, problems: ContentProblem[]): VersionDetail {
    return { version, base, pathways: pack.pathwayOrder.length, problems, tests: summariseTests(this.library.scenarioResults(pack)) };
  }
}

function mergeFiles(base: ContentFile[], replacements: ContentFile[]): ContentFile[] {
  const byPath = new Map(base.map((f) => [f.path, { path: f.path, text: f.text }]));
  for (const f of replacements) byPath.set(f.path, { path: f.path, text: f.text });
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/** Compile errors as a 400 naming each file and line. */
function contentInvalid(problems: ContentProblem[]): AppError {
  const errors = problems.filter((p) => p.severity === 'error').sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  const details: ErrorDetail[] = errors.slice(0, 200).map((p) => ({ path: `${p.file}:${p.line}`, message: p.message }));
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return badRequest(`The content does not compile: ${first.file}:${first.line}: ${first.message}${more}`, details, 'content_invalid');
}

function assertEditable(version: ContentVersion, actor: Actor): void {
  if (version.status !== 'draft') throw wrongState(version, 'only a draft can be edited: start a new draft based on it');
  if (version.author !== actor.id) throw forbidden('Only the author edits a draft; start your own draft based on it');
}
