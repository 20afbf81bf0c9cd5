/**
 * The one error the triage core throws. The HTTP layer maps it to the platform's error type:
 * 400 = the request itself is wrong (bad answer, unknown node); 409 = it conflicts with the
 * session or content (finished session, other content version, pathway not for this patient).
 */
export class TriageError extends Error {
  override name = 'TriageError';
  constructor(
    readonly code: string,
    readonly status: 400 | 409,
    message: string,
    readonly path?: string,
    /** Pathways to offer instead (a refused pathway's applicable alternatives). */
    readonly alternatives: { pathwayId: string; title: string }[] = [],
  ) {
    super(message);
  }
}
