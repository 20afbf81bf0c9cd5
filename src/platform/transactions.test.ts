import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/fixture';
import { inTransaction, sql, type Database, type Db } from './database';

let database: Database;
let db: Db;
beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  await sql`create table tx_probe (id int primary key, label text not null)`.execute(db);
});
afterAll(async () => database?.close());

const labels = async () => (await sql<{ label: string }>`select label from tx_probe order by id`.execute(db)).rows.map((r) => r.label);
const insert = (id: number, label: string) => sql`insert into tx_probe (id, label) values (${id}, ${label})`.execute(db);

describe('transactions that join', () => {
  it('runs queries made through the plain db inside a transaction in that transaction', async () => {
    await sql`delete from tx_probe`.execute(db);
    await expect(
      inTransaction(db, async () => {
        await insert(1, 'one');
        // Through `db`, not the transaction object: sees the uncommitted row (and on PGlite does not
        // wait for the connection the transaction holds).
        expect(await labels()).toEqual(['one']);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await labels()).toEqual([]);
  });

  it('makes a nested transaction a savepoint: its failure undoes only its own writes', async () => {
    await sql`delete from tx_probe`.execute(db);
    await inTransaction(db, async () => {
      await insert(1, 'outer');
      await inTransaction(db, async () => {
        await insert(2, 'nested, kept');
      });
      await expect(
        inTransaction(db, async () => {
          await insert(3, 'nested, undone');
          await insert(3, 'duplicate key');
        }),
      ).rejects.toThrow();
      await insert(4, 'outer again');
    });
    expect(await labels()).toEqual(['outer', 'nested, kept', 'outer again']);
  });

  it('takes turns between sibling savepoints at any depth: a failing sibling undoes only its own writes', async () => {
    await sql`delete from tx_probe`.execute(db);
    await inTransaction(db, async () => {
      await inTransaction(db, async () => {
        const slow = inTransaction(db, async () => {
          await insert(1, 'slow sibling');
          await new Promise((resolve) => setTimeout(resolve, 20));
        });
        const failing = inTransaction(db, async () => {
          await insert(2, 'failing sibling');
          throw new Error('undo me');
        });
        await expect(Promise.all([slow, failing])).rejects.toThrow('undo me');
        await slow;
      });
    });
    expect(await labels()).toEqual(['slow sibling']);
  });

  it('undoes nested writes when the outer transaction fails', async () => {
    await sql`delete from tx_probe`.execute(db);
    await expect(
      inTransaction(db, async () => {
        await inTransaction(db, () => insert(1, 'nested'));
        await Promise.all([inTransaction(db, () => insert(2, 'sibling a')), inTransaction(db, () => insert(3, 'sibling b'))]);
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect(await labels()).toEqual([]);
  });

  it('keeps separate transactions apart, and queries after commit take their own connection', async () => {
    await sql`delete from tx_probe`.execute(db);
    let late: Promise<string[]> | undefined;
    await Promise.all([
      inTransaction(db, async () => {
        await insert(1, 'a');
        // Work left running past the commit must not use the connection given back.
        late = new Promise((resolve) => setTimeout(() => resolve(labels()), 50));
      }),
      inTransaction(db, async () => {
        await insert(2, 'b');
      }),
      labels(),
    ]);
    expect(await late).toEqual(['a', 'b']);
  });
});
