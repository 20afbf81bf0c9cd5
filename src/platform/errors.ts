import type { z } from 'zod';

export interface ErrorDetail {
  path: string;
  message: string;
}

/** Something the client may offer instead of what was refused (e.g. a pathway that does apply). */
export interface ErrorChoice {
  id: string;
  title: string;
}

/** The one error type of Signpost: services throw it, the HTTP layer turns it into JSON. */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 429 | 500 | 503,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** What to offer instead, when the refusal has alternatives (no dead ends). */
    readonly choices: ErrorChoice[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }

  toJSON() {
    const error = { code: this.code, message: this.message, details: this.details };
    return { error: this.choices.length ? { ...error, choices: this.choices } : error };
  }
}

export const badRequest = (message: string, details: ErrorDetail[] = [], code = 'invalid_request') =>
  new AppError(400, code, message, details);
export const unauthorized = (message = 'Sign in first') => new AppError(401, 'unauthenticated', message);
export const forbidden = (message: string) => new AppError(403, 'forbidden', message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
export const conflict = (message: string, details: ErrorDetail[] = [], code = 'conflict') =>
  new AppError(409, code, message, details);
export const unprocessable = (message: string, details: ErrorDetail[] = [], code = 'unprocessable') =>
  new AppError(422, code, message, details);

/** Turns zod issues into field-path details, prefixing the part of the request they came from. */
export function fromZodError(error: z.ZodError, where?: string): AppError {
  const details = error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
  const first = details[0];
  const summary = first ? `${first.path || 'request'}: ${first.message}` : 'Invalid request';
  return badRequest(details.length > 1 ? `${summary} (and ${details.length - 1} more)` : summary, details);
}

/** Parses data with a zod schema, throwing a 400 AppError naming each bad field. */
export function parseWith<S extends z.ZodType>(schema: S, data: unknown, where?: string): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success) throw fromZodError(result.error, where);
  return result.data;
}
