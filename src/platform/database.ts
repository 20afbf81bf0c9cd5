import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Tables } from '../tables';
import { errorSummary, type Log } from './log';
import { joinableDialect, joinableTransaction } from './transactions';

export type Db = Kysely<Tables>;
export type Tx = Transaction<Tables>;
/** Either the database or an open transaction: store functions accept both. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Subscribes to a NOTIFY channel; returns a function that unsubscribes. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** Runs multi-statement SQL scripts (migrations) on one dedicated connection. */
  withScriptRunner<T>(fn: (run: ScriptRunner) => Promise<T>): Promise<T>;
  /** A trivial query, to prove the database answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Runs a script (several statements, no parameters) and returns the rows of its last statement. */
export type ScriptRunner = (script: string) => Promise<Record<string, unknown>[]>;

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

// Both drivers must hand back the same JS types, or code would work on one database and not the other:
// int8 and numeric as numbers (ids and counts stay far below 2^53), dates as 'YYYY-MM-DD' strings.
const pgTypes = {
  getTypeParser(oid: number, format?: unknown) {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    if (oid === DATE) return (value: string) => value;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/** A PostgreSQL server; the log hears of idle connections the server drops. */
export async function openPostgres(url: string, poolSize: number, log: Log): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: pgTypes as pg.CustomTypesConfig });
  // An idle connection the server closes (restart, failover) must not crash the process; the pool
  // replaces it on next use.
  pool.on('error', (error) => log.error({ error: errorSummary(error) }, 'PostgreSQL connection lost'));
  // Fail loudly now rather than on the first request.
  const probe = await pool.connect();
  probe.release();
  const db = new Kysely<Tables>({ dialect: joinableDialect(new PostgresDialect({ pool }), false) });
  const listeners: pg.Client[] = [];
  return {
    db,
    kind: 'postgres',
    async listen(channel, onPayload) {
      // LISTEN needs a connection of its own that stays open; pooled connections come and go.
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      client.on('notification', (message) => {
        if (message.channel === channel) onPayload(message.payload ?? '');
      });
      client.on('error', () => undefined);
      await client.query(`LISTEN ${quoteIdent(channel)}`);
      listeners.push(client);
      return async () => {
        listeners.splice(listeners.indexOf(client), 1);
        await client.end().catch(() => undefined);
      };
    },
    async ping() {
      await sql`select 1`.execute(db);
    },
    async withScriptRunner(fn) {
      const client = await pool.connect();
      try {
        return await fn(async (script) => {
          const result = (await client.query(script)) as unknown as pg.QueryResult | pg.QueryResult[];
          const last = Array.isArray(result) ? result[result.length - 1] : result;
          return (last?.rows ?? []) as Record<string, unknown>[];
        });
      } finally {
        client.release();
      }
    },
    async close() {
      await Promise.all(listeners.map((client) => client.end().catch(() => undefined)));
      await db.destroy();
    },
  };
}

/** The embedded database: in memory when dataDir is undefined, else persisted in that folder. */
export async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, {
    parsers: {
      [INT8]: (value: string) => Number(value),
      [NUMERIC]: (value: string) => Number(value),
      [DATE]: (value: string) => value,
    },
  });
  const db = new Kysely<Tables>({ dialect: joinableDialect(new PGliteDialect({ pglite }), true) });
  return {
    db,
    kind: 'pglite',
    async listen(channel, onPayload) {
      const unlisten = await pglite.listen(channel, onPayload);
      return async () => {
        if (!pglite.closed) await unlisten();
      };
    },
    async ping() {
      await sql`select 1`.execute(db);
    },
    async withScriptRunner(fn) {
      return fn(async (script) => {
        const results = await pglite.exec(script);
        return (results[results.length - 1]?.rows ?? []) as Record<string, unknown>[];
      });
    },
    async close() {
      await db.destroy();
    },
  };
}

export async function openDatabase(options: { databaseUrl?: string; pgliteDir?: string }, log: Log): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, 10, log) : openPglite(options.pgliteDir);
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe identifier ${name}`);
  return name;
}

/**
 * Runs fn in one transaction. Inside another transaction of the same database (in the same async
 * context) it joins it as a savepoint, and queries made through `db` meanwhile run in it too: a
 * request can run as one transaction made of the services' transactions (src/platform/transactions.ts).
 */
export function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return joinableTransaction(db, fn);
}

export { sql };
