/**
 * The safety guard's judgement (issue 15 item 4), pure: what a new version makes LESS URGENT than
 * the content in use — emergency-band vignettes, played on both, and recorded sessions, replayed on
 * both. Any such change needs a second clinical reviewer's sign-off before it is published
 * (safety.ts enforces that; this file only finds the changes).
 */
import type { CompiledPack, RecordedSession } from './model';
import { replay } from './replay';
import { compareUrgency, urgencyBand } from './urgency';
import type { UrgencyBand } from './urgency';
import { runVignette } from './vignettes';
import type { LocatedVignette } from './vignettes';

export interface GuardOutcome {
  disposition: string;
  band: UrgencyBand;
  outcomeNodeId: string;
}

export interface LessUrgentVignette {
  id: string;
  at: string;
  pathwayId: string;
  from: GuardOutcome;
  to: GuardOutcome;
}

export interface LessUrgentSession {
  sessionId: string;
  pathwayId: string;
  from: GuardOutcome;
  to: GuardOutcome;
}

export interface SafetyFindings {
  /** Emergency-band vignettes played on both versions. */
  vignettesChecked: number;
  /** Recorded sessions replayed (those that finished on the version in use). */
  sessionsReplayed: number;
  vignettes: LessUrgentVignette[];
  sessions: LessUrgentSession[];
}

/** Sessions listed in a finding at most (the count is always complete). */
export const SESSIONS_LISTED = 100;

export function findLessUrgent(current: CompiledPack, next: CompiledPack, vignettes: LocatedVignette[], sessions: RecordedSession[]): SafetyFindings & { sessionsLessUrgent: number } {
  const emergency = vignettes.filter((v) => v.expect === 'emergency');
  const lessUrgentVignettes: LessUrgentVignette[] = [];
  for (const v of emergency) {
    const before = runVignette(current, v);
    const after = runVignette(next, v);
    if (!before.disposition || !after.disposition) continue; // unplayable: the suite itself reports it
    if (compareUrgency(next.dispositions[after.disposition], current.dispositions[before.disposition]) <= 0) continue;
    lessUrgentVignettes.push({ id: v.id, at: v.at, pathwayId: v.pathway, from: outcomeOf(current, before.disposition, before.outcomeNodeId), to: outcomeOf(next, after.disposition, after.outcomeNodeId) });
  }
  const report = replay(current, next, sessions);
  const lessUrgentSessions = report.changes
    .filter((c) => c.direction === 'less-urgent' && c.to)
    .map((c) => ({ sessionId: c.sessionId, pathwayId: c.pathwayId, from: outcomeOf(current, c.from.disposition, c.from.outcomeNodeId), to: outcomeOf(next, c.to!.disposition, c.to!.outcomeNodeId) }));
  return {
    vignettesChecked: emergency.length,
    sessionsReplayed: report.sessions,
    vignettes: lessUrgentVignettes,
    sessions: lessUrgentSessions.slice(0, SESSIONS_LISTED),
    sessionsLessUrgent: lessUrgentSessions.length,
  };
}

function outcomeOf(pack: CompiledPack, disposition: string, outcomeNodeId: string | null): GuardOutcome {
  return { disposition, band: urgencyBand(pack.dispositions[disposition]), outcomeNodeId: outcomeNodeId ?? '' };
}

export function anythingLessUrgent(findings: { vignettes: unknown[]; sessionsLessUrgent: number }): boolean {
  return findings.vignettes.length > 0 || findings.sessionsLessUrgent > 0;
}

/** One line per finding, for the 409's details: what got less urgent, from what to what. */
export function describeFindings(findings: SafetyFindings & { sessionsLessUrgent: number }): { path: string; message: string }[] {
  const vignettes = findings.vignettes.map((v) => ({ path: `vignette:${v.id}`, message: `${v.at}: ${v.from.disposition} (${v.from.band}) → ${v.to.disposition} (${v.to.band}) at ${v.to.outcomeNodeId}` }));
  const sessions = findings.sessions.map((s) => ({ path: `session:${s.sessionId}`, message: `${s.pathwayId}: ${s.from.disposition} (${s.from.band}) → ${s.to.disposition} (${s.to.band}) at ${s.to.outcomeNodeId}` }));
  return [...vignettes, ...sessions];
}
