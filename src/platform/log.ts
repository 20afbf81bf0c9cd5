// The one logger: JSON lines (pino) on stdout, at the level SIGNPOST_LOG names. Lines never carry
// patient data: requests are logged by route pattern (a raw path can hold an NHS number), never with
// their query or body, and errors by their kind, code and message with the values blanked — never
// the whole error object, whose query parameters and PostgreSQL `detail` hold names, dates of birth
// and NHS numbers. See docs/decisions/0018-structured-logs-and-shutdown.md.
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config';

export type Log = Logger;

export type LogLevel = Config['log'];

/** A logger at the configured level, writing to stdout (or, in tests, to the stream given). */
export function createLogger(config: Pick<Config, 'log'>, destination?: DestinationStream): Log {
  const options: pino.LoggerOptions = {
    level: config.log,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // Whoever passes an error the usual pino way (`log.error(error)`, `{ err }`) gets the summary too.
    serializers: { err: errorSummary },
  };
  // Asynchronous writes keep the request thread off the stdout syscall; pino flushes them on exit.
  // Writes of whole lines up to 4 KB (PIPE_BUF) stay atomic on a pipe, so the lines of several
  // worker processes sharing stdout never interleave.
  return pino(options, destination ?? pino.destination({ dest: 1, sync: false, maxWrite: 4096 }));
}

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
  stack?: unknown;
}

/**
 * What a log line keeps of an error: its kind and code, its message with quoted values blanked, the
 * schema names involved (a constraint, a table, a column) and the stack frames. Never its `detail`,
 * `where` or query parameters.
 */
export function errorSummary(error: unknown): Record<string, unknown> {
  const e = (error ?? {}) as ErrorLike;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    name: text(e.name) ?? typeof error,
    code: text(e.code) ?? (typeof e.code === 'number' ? e.code : undefined),
    message: withoutValues(text(e.message) ?? String(error)),
    constraint: text(e.constraint),
    table: text(e.table),
    column: text(e.column),
    stack: text(e.stack)
      ?.split('\n')
      .filter((line) => /^\s+at /.test(line))
      .slice(0, 12)
      .join('\n'),
  };
}

/**
 * A message with the values blanked: PostgreSQL quotes the values it complains about
 * (`invalid input syntax for type date: "1980-02-31"`), and a key detail repeats them in brackets.
 * Anything digit-heavy left over (dates, NHS numbers) is blanked too.
 */
export function withoutValues(message: string): string {
  return message
    .split('\n')[0]
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '"…"')
    .replace(/=\(.*?\)/g, '=(…)')
    .replace(/[0-9][0-9 /:.-]{3,}[0-9]/g, '…')
    .slice(0, 300);
}

/**
 * Whether Signpost is on its way down. Set once, first thing when it closes: background work still
 * in flight then fails because the database is going away, which is expected and no alarm. Code
 * checks this state, never the wording of the error.
 */
export class Lifecycle {
  private closing = false;

  get shuttingDown(): boolean {
    return this.closing;
  }

  beginShutdown(): void {
    this.closing = true;
  }
}

/**
 * Background work (a timer, the event follower, the delivery worker) that failed and will be tried
 * again. An error, unless Signpost is shutting down: then it is a debug note.
 */
export function logBackgroundFailure(log: Log, lifecycle: Lifecycle, what: string, error: unknown, fields: Record<string, unknown> = {}): void {
  const line = { ...fields, error: errorSummary(error) };
  if (lifecycle.shuttingDown) log.debug({ ...line, shuttingDown: true }, what);
  else log.error(line, what);
}
