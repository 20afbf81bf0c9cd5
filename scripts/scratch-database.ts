// A throwaway database on a PostgreSQL server, for test files, benchmarks and the two-process check:
// created under a random name and dropped (forcibly, whatever is still connected) when done.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface ScratchDatabase {
  name: string;
  /** The server URL pointing at the new database. */
  url: string;
  drop(): Promise<void>;
}

export async function serverQuery(serverUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function createScratchDatabase(serverUrl: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await serverQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => serverQuery(serverUrl, `drop database if exists ${name} with (force)`) };
}
