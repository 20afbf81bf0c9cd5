/**
 * The safety guard at publish (issue 15 item 4). Publishing a version that makes an emergency-band
 * vignette, or a session recorded on the content in use, less urgent is refused (409
 * `safety_signoff_required`, listing what got less urgent) until a second clinical governance
 * reviewer — not the author, not the approver — signs it off with a reason. Sign-offs are stored,
 * audited, and shown with the impact report.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../platform/actor';
import { hasAnyRole } from '../platform/actor';
import { recordChange, type Platform } from '../platform/context';
import { inTransaction } from '../platform/database';
import { conflict, forbidden, notFound } from '../platform/errors';
import { GOVERNANCE_ROLES } from './guards';
import type { CompiledPack, RecordedSession } from './model';
import { anythingLessUrgent, describeFindings, findLessUrgent } from './safety-guard';
import type { SafetyFindings } from './safety-guard';
import * as safetyStore from './safety-store';
import type { SafetySignoff } from './safety-store';
import * as store from './store';
import type { ContentVersion } from './store';
import { loadVignetteFiles, SHIPPED_VIGNETTE_DIR } from './vignette-files';
import { parseVignettes } from './vignettes';
import type { LocatedVignette } from './vignettes';

export type { SafetySignoff } from './safety-store';

export const SafetySignoffSchema = z.object({ reason: z.string().trim().min(1).max(2000) });
export type SafetySignoffInput = z.output<typeof SafetySignoffSchema>;

const SUBJECT_VERSION = 'triage_content_version';
const RECORDED_PAGE = 5000;
const PACKS_KEPT = 8;

export type Findings = SafetyFindings & { sessionsLessUrgent: number };

export interface SafetyReview {
  versionId: string;
  /** The content its area runs on now, which the version is judged against; null when nothing is published. */
  against: { id: string; label: string; contentVersion: string } | null;
  /** What the version makes less urgent than `against`; null when there is nothing to compare with. */
  findings: Findings | null;
  /** True when something got less urgent. */
  signoffRequired: boolean;
  /** True when a sign-off against the content in use now is on record. */
  signedOff: boolean;
  signoffs: SafetySignoff[];
}

export interface SafetyDeps {
  /** The vignette suite the guard plays (default content/vignettes). */
  vignetteDir?: string;
}

export class SafetyService {
  private vignettes: LocatedVignette[] | null = null;
  private readonly packs = new Map<string, CompiledPack>();

  constructor(
    private readonly platform: Platform,
    private readonly deps: SafetyDeps = {},
  ) {}

  /** What publishing `id` would make less urgent, and the sign-offs on record. */
  async review(id: string): Promise<SafetyReview> {
    const version = await this.version(id);
    return this.reviewOf(version);
  }

  /**
   * Called by publish before its transaction. Refuses (409) when something gets less urgent and no
   * sign-off against the content in use is on record. Returns the id of the version the publish
   * will supersede, so the transaction can check that it has not changed meanwhile.
   */
  async assertSafeToPublish(version: ContentVersion): Promise<string | null> {
    const previous = (await store.findPublished(this.platform.db, version.areaCode))?.id ?? null;
    if (version.status !== 'approved' && version.status !== 'superseded') return previous;
    const review = await this.reviewOf(version);
    if (review.signoffRequired && !review.signedOff) {
      const f = review.findings!;
      throw conflict(
        `Publishing ${version.id} makes ${f.vignettes.length} emergency vignette${f.vignettes.length === 1 ? '' : 's'} and ${f.sessionsLessUrgent} recorded session${f.sessionsLessUrgent === 1 ? '' : 's'} less urgent than ${review.against!.id}; a second clinical governance reviewer (not the author or the approver) must sign it off with a reason first`,
        describeFindings(f),
        'safety_signoff_required',
      );
    }
    return previous;
  }

  /** A second clinical reviewer accepts, with a reason, what the version makes less urgent. */
  async signOff(actor: Actor, id: string, { reason }: SafetySignoffInput): Promise<{ signoff: SafetySignoff; review: SafetyReview }> {
    if (!hasAnyRole(actor, GOVERNANCE_ROLES)) throw forbidden('A safety sign-off is given by a clinical governance lead');
    const version = await this.version(id);
    if (version.status !== 'approved' && version.status !== 'superseded') {
      throw conflict(`Content version ${id} is ${version.status.replace('_', ' ')}; only a version ready to publish (approved, or superseded for a roll-back) is signed off`, [{ path: 'status', message: version.status }], 'invalid_state');
    }
    if (version.author === actor.id) throw forbidden('You wrote this version: a safety sign-off must come from a second reviewer');
    if (version.reviewer === actor.id) throw forbidden('You approved this version: a safety sign-off must come from a second reviewer, not the approver');
    const review = await this.reviewOf(version);
    if (!review.signoffRequired) throw conflict(`Publishing ${id} makes nothing less urgent; it needs no safety sign-off`, [], 'no_signoff_needed');
    const signoff: SafetySignoff = {
      id: `tss_${randomUUID()}`,
      versionId: id,
      againstVersionId: review.against!.id,
      signedBy: actor.id,
      signedByName: actor.name,
      reason,
      findings: review.findings!,
      signedAt: this.platform.clock.now(),
    };
    await inTransaction(this.platform.db, async (tx) => {
      const locked = await store.findVersion(tx, id, 'update');
      if (!locked || locked.contentVersion !== version.contentVersion || locked.status !== version.status) throw conflict('The version changed while it was being signed off; sign it off again', [], 'stale_content');
      await safetyStore.insertSignoff(tx, signoff);
      await recordChange(tx, actor, signoff.signedAt, {
        type: 'triage.content_safety_signed_off',
        subjectType: SUBJECT_VERSION,
        subjectIds: [id, signoff.againstVersionId as string],
        payload: {
          signoffId: signoff.id,
          against: signoff.againstVersionId,
          reason,
          vignettesLessUrgent: signoff.findings.vignettes.map((v) => v.id),
          sessionsLessUrgent: signoff.findings.sessionsLessUrgent,
        },
      });
    });
    return { signoff, review: { ...review, signedOff: true, signoffs: [...review.signoffs, signoff] } };
  }

  private async reviewOf(version: ContentVersion): Promise<SafetyReview> {
    const signoffs = await safetyStore.signoffsOf(this.platform.db, version.id);
    const current = await this.contentInUse(version.areaCode);
    if (!current || current.id === version.id) return { versionId: version.id, against: null, findings: null, signoffRequired: false, signedOff: false, signoffs };
    const [currentPack, nextPack] = [await this.packOf(current), await this.packOf(version)];
    const findings = findLessUrgent(currentPack, nextPack, this.suite(), await this.recordedSessions(current.id));
    return {
      versionId: version.id,
      against: { id: current.id, label: current.label, contentVersion: current.contentVersion },
      findings,
      signoffRequired: anythingLessUrgent(findings),
      signedOff: signoffs.some((s) => s.againstVersionId === current.id),
      signoffs,
    };
  }

  /** What new sessions in the area run on: its own published variation, else national content. */
  private async contentInUse(areaCode: string | null): Promise<ContentVersion | undefined> {
    const local = areaCode ? await store.findPublished(this.platform.db, areaCode) : undefined;
    return local ?? store.findPublished(this.platform.db, null);
  }

  private async version(id: string): Promise<ContentVersion> {
    const version = await store.findVersion(this.platform.db, id);
    if (!version) throw notFound(`Content version ${id}`);
    return version;
  }

  private suite(): LocatedVignette[] {
    // Problems in the suite are `signpost content test`'s to report; the guard plays what parses.
    this.vignettes ??= parseVignettes(loadVignetteFiles(this.deps.vignetteDir ?? SHIPPED_VIGNETTE_DIR)).vignettes;
    return this.vignettes;
  }

  private async packOf(version: ContentVersion): Promise<CompiledPack> {
    const cached = this.packs.get(version.contentVersion);
    if (cached) return cached;
    const pack = await store.loadCompiled(this.platform.db, version.id);
    if (!pack) throw notFound(`Content version ${version.id}`);
    this.packs.set(version.contentVersion, pack);
    while (this.packs.size > PACKS_KEPT) this.packs.delete(this.packs.keys().next().value as string);
    return pack;
  }

  private async recordedSessions(versionId: string): Promise<RecordedSession[]> {
    const all: RecordedSession[] = [];
    for (let after: string | null = null; ; ) {
      const page = await store.recordedSessions(this.platform.db, versionId, after, RECORDED_PAGE);
      all.push(...page);
      if (page.length < RECORDED_PAGE) return all;
      after = page[page.length - 1].id;
    }
  }
}
