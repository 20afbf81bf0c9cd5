import { z } from 'zod';

/**
 * The pieces every reply schema is built from. Response schemas describe the JSON a client
 * receives; the compiler checks handlers against them, and in tests every reply is checked too.
 */

/**
 * An instant: services hand back `Date`s (timestamptz) and JSON carries them as ISO 8601 text, so a
 * handler may return either; the OpenAPI document says `string, format: date-time`.
 */
export const Timestamp = z.union([z.date(), z.iso.datetime({ offset: true })]);
const timestamps = new WeakSet<z.ZodType>([Timestamp]);

/** A calendar date as stored (`YYYY-MM-DD`). */
export const DateText = z.iso.date();

/** JSON whose shape is deliberately open (stored profiles, event payloads, audit details). */
export const OpenJson = z.unknown();
export const OpenObject = z.record(z.string(), z.unknown());

/** The one error shape (src/platform/errors.ts), with the request id the logs carry. */
export const ErrorReplySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })),
    /** What the client may offer instead of what was refused (a pathway that does apply, …). */
    choices: z.array(z.object({ id: z.string(), title: z.string() })).optional(),
    requestId: z.string().optional(),
  }),
});

/** A reply with no body (204). */
export const NoContent = z.void();

/** A Server-Sent Events stream: not JSON, described as text in the OpenAPI document. */
export const EVENT_STREAM = 'text/event-stream' as const;
export type EventStream = typeof EVENT_STREAM;

/** What a route replies with: a schema for JSON, or an event stream. */
export type ResponseSpec = z.ZodType | EventStream;

/**
 * A handler's reply with a status other than the route's usual one (a repeat of a create answers
 * 200, not 201), or JSON already serialised (the search reply is written by hand for speed).
 */
export class Reply<T> {
  private constructor(
    readonly status: number | undefined,
    readonly value: T | undefined,
    readonly jsonText: string | undefined,
  ) {}

  static withStatus<T>(value: T, status: number): Reply<T> {
    return new Reply(status, value, undefined);
  }

  /** A value sent as the text its own serialiser writes (the same JSON, faster; checked against the schema in tests). */
  static serialised<T>(value: T, toJson: (value: T) => string): Reply<T> {
    return new Reply<T>(undefined, value, toJson(value));
  }
}

/** What a handler may return for a route that replies with R. */
export type HandlerReply<R extends ResponseSpec> = R extends z.ZodType ? z.input<R> | Reply<z.input<R>> : Response;

/** JSON Schema of a zod schema for OpenAPI 3.1: instants as date-time text. */
export function toOpenApiSchema(schema: z.ZodType, io: 'input' | 'output'): unknown {
  return z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override(ctx) {
      if (timestamps.has(ctx.zodSchema as unknown as z.ZodType)) {
        for (const key of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as Record<string, unknown>)[key];
        Object.assign(ctx.jsonSchema, { type: 'string', format: 'date-time' });
      }
    },
  });
}

/** An event of the event log as the API shows it (payloads are each event type's own JSON). */
export const StoredEventSchema = z.object({
  id: z.number().int(),
  type: z.string(),
  at: Timestamp,
  actorId: z.string().nullable(),
  actorKind: z.string(),
  subjectType: z.string(),
  subjectIds: z.array(z.string()),
  payload: OpenObject,
});

/** An audit log row as stored (details are each action's own JSON). */
export const AuditRowSchema = z.object({
  id: z.number().int(),
  at: Timestamp,
  actor_id: z.string().nullable(),
  actor_kind: z.string(),
  organisation_id: z.string().nullable(),
  action: z.string(),
  subject_type: z.string(),
  subject_id: z.string().nullable(),
  patient_data: z.boolean(),
  details: OpenObject,
  request_id: z.string().nullable(),
});
