// Publishing triage content: what new sessions in an area run on. Publish an approved version (or
// roll back to a superseded one), withdraw a version for good, and publish the national pack
// shipped with Signpost on first start.
import type { Actor } from '../platform/actor';
import { signpostItself } from '../platform/actor';
import { recordChange } from '../platform/context';
import { inTransaction } from '../platform/database';
import { conflict, notFound } from '../platform/errors';
import { compilePack, hasErrors } from './compiler';
import { assertGovernance, wrongState } from './guards';
import { newVersionId, readPackDir, SHIPPED_CONTENT_DIR, SUBJECT_VERSION, type ContentLibrary } from './library';
import type { WithdrawInput } from './requests';
import * as store from './store';
import type { ContentVersion } from './store';

export class ContentPublication {
  constructor(private readonly library: ContentLibrary) {}

  private get db() {
    return this.library.db;
  }

  /**
   * Makes an approved version (or, to roll back, a superseded one) what new sessions in its area
   * run on; the version published there before is superseded.
   */
  async publish(actor: Actor, id: string): Promise<ContentVersion> {
    assertGovernance(actor);
    const version = await this.library.getVersion(id);
    if (version.overlayOf) {
      const base = await this.library.getVersion(version.overlayOf);
      if (base.status === 'withdrawn') throw conflict(`This variation overlays ${base.id}, which is withdrawn; rebase it on current national content`, [], 'base_withdrawn');
    }
    const checkedAgainst = await this.library.deps.safetyGuard?.assertSafeToPublish(version);
    const at = this.library.now();
    const published = await inTransaction(this.db, async (tx) => {
      const locked = await store.findVersion(tx, id, 'update');
      if (!locked) throw notFound(`Content version ${id}`);
      if (locked.status !== 'approved' && locked.status !== 'superseded') throw wrongState(locked, 'only an approved (or, to roll back, a superseded) version can be published');
      const previous = await store.findPublished(tx, locked.areaCode, 'update');
      if (checkedAgainst !== undefined && checkedAgainst !== (previous?.id ?? null)) throw conflict('What is published changed while the safety check ran; publish again', [], 'stale_content');
      if (previous) {
        await store.updateVersion(tx, previous.id, { status: 'superseded', supersededAt: at, at });
        await recordChange(tx, actor, at, {
          type: 'triage.content_superseded',
          subjectType: SUBJECT_VERSION,
          subjectIds: [previous.id, id],
          payload: { by: id, areaCode: previous.areaCode },
        });
      }
      const saved = await store.updateVersion(tx, id, { status: 'published', publishedBy: actor.id, publishedAt: at, supersededAt: null, at });
      await recordChange(tx, actor, at, {
        type: 'triage.content_published',
        subjectType: SUBJECT_VERSION,
        subjectIds: [id, ...(previous ? [previous.id] : [])],
        payload: { areaCode: saved.areaCode, contentVersion: saved.contentVersion, superseded: previous?.id ?? null, rollback: locked.status === 'superseded' },
      });
      return saved;
    });
    return published;
  }

  /**
   * Takes a version out of use for good. Sessions on it are kept but answer 409; an area whose
   * variation is withdrawn falls back to the national content.
   */
  async withdraw(actor: Actor, id: string, { reason }: WithdrawInput): Promise<{ version: ContentVersion; openSessions: number; overlaysOnIt: string[] }> {
    assertGovernance(actor);
    const at = this.library.now();
    return inTransaction(this.db, async (tx) => {
      const locked = await store.findVersion(tx, id, 'update');
      if (!locked) throw notFound(`Content version ${id}`);
      if (locked.status === 'withdrawn') throw wrongState(locked, 'it cannot be withdrawn again');
      const saved = await store.updateVersion(tx, id, { status: 'withdrawn', withdrawnBy: actor.id, withdrawnAt: at, withdrawReason: reason, at });
      const openSessions = await store.countOpenSessions(tx, id);
      const overlaysOnIt = await store.publishedOverlaysOf(tx, id);
      await recordChange(tx, actor, at, {
        type: 'triage.content_withdrawn',
        subjectType: SUBJECT_VERSION,
        subjectIds: [id],
        payload: { previousStatus: locked.status, reason, areaCode: locked.areaCode, openSessions, overlaysOnIt },
      });
      return { version: saved, openSessions, overlaysOnIt };
    });
  }

  /**
   * Publishes the national pack shipped with Signpost when no national content was ever published.
   * If governance withdrew the national content, nothing is republished behind their back.
   */
  async ensureShippedPack(): Promise<ContentVersion | null> {
    const published = await store.findPublished(this.db, null);
    if (published) return published;
    if (await store.nationalEverPublished(this.db)) return null;
    const dir = this.library.deps.contentDir ?? SHIPPED_CONTENT_DIR;
    const files = readPackDir(dir);
    const { pack, problems } = compilePack(files, this.library.deps.catalogue);
    if (hasErrors(problems)) {
      const list = problems.filter((p) => p.severity === 'error').map((p) => `  ${p.file}:${p.line}: ${p.message}`);
      throw new Error(`The triage content shipped in ${dir} does not compile:\n${list.join('\n')}`);
    }
    const at = this.library.now();
    return inTransaction(this.db, async (tx) => {
      // Two processes starting together must not both publish it.
      await store.lockShippedPack(tx);
      const again = await store.findPublished(tx, null);
      if (again) return again;
      const version = await store.insertVersion(tx, {
        id: newVersionId(),
        packId: pack.id,
        label: `${pack.title} ${pack.version} (shipped with Signpost)`,
        areaCode: null,
        overlayOf: null,
        status: 'published',
        files,
        compiled: pack,
        problems,
        author: signpostItself.id,
        publishedBy: signpostItself.id,
        at,
      });
      await recordChange(tx, signpostItself, at, {
        type: 'triage.content_published',
        subjectType: SUBJECT_VERSION,
        subjectIds: [version.id],
        payload: { areaCode: null, contentVersion: version.contentVersion, shipped: true, superseded: null },
      });
      return version;
    });
  }
}
