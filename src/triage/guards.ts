// Who may do what in triage, and the one mapping of the engine's errors to the platform's.
import { hasAnyRole, type Actor } from '../platform/actor';
import { AppError, conflict, forbidden } from '../platform/errors';
import { TriageError } from './engine';
import type { ContentVersion } from './store';

/** Author, review, approve, publish and withdraw triage content. */
export const GOVERNANCE_ROLES = ['clinical_governance', 'admin'] as const;
/** Run triage sessions. */
export const TRIAGE_ROLES = ['call_handler', 'clinician', 'admin'] as const;

/** The engine's TriageError becomes the platform's AppError: same status, code and message. */
export function fromTriageError(error: TriageError): AppError {
  // The API's error codes are snake_case everywhere; the engine's (kept in content tests) are kebab-case.
  const code = error.code.replace(/-/g, '_');
  const choices = error.alternatives.map((a) => ({ id: a.pathwayId, title: a.title }));
  return new AppError(error.status, code, error.message, error.path ? [{ path: error.path, message: error.message }] : [], choices);
}

/** Runs a step of the pure engine, its refusals as the platform's errors. */
export function engine<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof TriageError) throw fromTriageError(error);
    throw error;
  }
}

export function assertGovernance(actor: Actor): void {
  if (!hasAnyRole(actor, GOVERNANCE_ROLES)) throw forbidden('Triage content is managed by clinical governance leads');
}

export function assertTriager(actor: Actor): void {
  if (!hasAnyRole(actor, TRIAGE_ROLES)) throw forbidden('Triage sessions are run by call handlers and clinicians');
}

export function wrongState(version: ContentVersion, wanted: string): AppError {
  return conflict(`Content version ${version.id} is ${version.status.replace('_', ' ')}; ${wanted}`, [{ path: 'status', message: version.status }], 'invalid_state');
}
