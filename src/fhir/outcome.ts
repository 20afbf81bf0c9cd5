/**
 * OperationOutcomes: the body of every FHIR error, and the warning entry a lenient search adds for the
 * parameters it did not use. Pure.
 */
import type { OperationOutcome } from '@medplum/fhirtypes';
import { FhirError, type FhirStatus, type Issue, type IssueType } from './model';

export function operationOutcome(issues: Issue[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map((i) => ({ severity: i.severity, code: i.code, diagnostics: i.diagnostics, ...(i.expression?.length ? { expression: i.expression } : {}) })),
  };
}

/** The issue type that fits an HTTP status, for errors raised outside the FHIR layer (auth, the platform). */
export function issueTypeFor(status: number): IssueType {
  switch (status) {
    case 401:
      return 'login';
    case 403:
      return 'forbidden';
    case 404:
    case 410:
      return 'not-found';
    case 405:
    case 406:
    case 415:
      return 'not-supported';
    case 409:
      return 'conflict';
    case 413:
      return 'too-long';
    case 429:
      return 'throttled';
    case 422:
      return 'processing';
    default:
      return status >= 500 ? 'exception' : 'invalid';
  }
}

/**
 * A platform error (src/platform/errors.ts: `status`, `message`, `details[].path`) as a FHIR error:
 * each detail becomes an issue naming its element. Body paths (`body.location.postcode`) are read
 * as FHIRPath below the resource the caller sent.
 */
export function fromPlatformError(error: { status: number; message: string; details?: { path: string; message: string }[] }, bodyType = 'Parameters'): FhirError {
  const status = error.status as FhirStatus;
  const code = issueTypeFor(status);
  const details = error.details ?? [];
  const issues: Issue[] = details.length
    ? details.map((d) => ({ severity: 'error', code, diagnostics: d.message, expression: [fhirPathOf(d.path, bodyType)] }))
    : [{ severity: 'error', code, diagnostics: error.message }];
  return new FhirError(status, issues);
}

function fhirPathOf(path: string, bodyType: string): string {
  if (path.startsWith('query.')) return path.slice('query.'.length);
  if (path.startsWith('params.')) return path.slice('params.'.length);
  if (path.startsWith('body.')) return `${bodyType}.${path.slice('body.'.length).replace(/\.(\d+)(?=\.|$)/g, '[$1]')}`;
  return path;
}

export const notFoundError = (what: string, expression?: string) =>
  new FhirError(404, [{ severity: 'error', code: 'not-found', diagnostics: `${what} not found`, ...(expression ? { expression: [expression] } : {}) }]);
