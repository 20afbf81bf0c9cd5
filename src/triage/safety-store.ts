/**
 * SQL of the safety sign-offs (migration 10). Kept beside store.ts rather than in it while that
 * module is being split; the same rules hold (no logic, rows in, records out).
 */
import type { Executor } from '../platform/database';
import type { SafetyFindings } from './safety-guard';

export interface SafetySignoff {
  id: string;
  versionId: string;
  againstVersionId: string | null;
  signedBy: string;
  signedByName: string;
  reason: string;
  findings: SafetyFindings & { sessionsLessUrgent: number };
  signedAt: Date;
}

export async function insertSignoff(db: Executor, s: SafetySignoff): Promise<void> {
  await db
    .insertInto('triage_safety_signoffs')
    .values({
      id: s.id,
      version_id: s.versionId,
      against_version_id: s.againstVersionId,
      signed_by: s.signedBy,
      signed_by_name: s.signedByName,
      reason: s.reason,
      findings: JSON.stringify(s.findings),
      signed_at: s.signedAt,
    })
    .execute();
}

/** Every sign-off of a version, oldest first. */
export async function signoffsOf(db: Executor, versionId: string): Promise<SafetySignoff[]> {
  const rows = await db.selectFrom('triage_safety_signoffs').selectAll().where('version_id', '=', versionId).orderBy('signed_at').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    versionId: r.version_id,
    againstVersionId: r.against_version_id,
    signedBy: r.signed_by,
    signedByName: r.signed_by_name,
    reason: r.reason,
    findings: r.findings as SafetySignoff['findings'],
    signedAt: r.signed_at,
  }));
}
