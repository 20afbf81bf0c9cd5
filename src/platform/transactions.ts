// Transactions that join: while a transaction runs (inTransaction), every query made in its async
// context — through the transaction object or through the plain `db` — runs on the transaction's
// connection, and a transaction opened inside it becomes a savepoint of it. This is what lets the HTTP
// layer run a whole request as one transaction (the idempotency record commits with the work it
// records) without the services knowing: they keep calling inTransaction(this.db, …) as before.
// See docs/decisions/0012-idempotency-commits-with-the-work.md.
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  sql,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type Transaction,
  type TransactionSettings,
} from 'kysely';

// The scope serves a database of any schema (tests open several), so the schema parameter is `any`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyKysely = Kysely<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyTransaction = Transaction<any>;

/** One outermost transaction and what joins it. */
interface RootScope {
  db: AnyKysely;
  /** The connection the transaction runs on, once begun (set by the driver). */
  connection?: DatabaseConnection;
  /** The driver that began it: only its queries may borrow the connection. */
  owner?: JoinableDriver;
  tx?: AnyTransaction;
  /** Set as commit or rollback starts: from then on, queries take a connection of their own. */
  closing: boolean;
  /** The connection as lent to queries made through the plain `db` (their release is a no-op). */
  lent?: DatabaseConnection;
  /** Savepoints are a stack on one connection: sibling nested transactions take turns. */
  savepointTurn: Mutex;
  savepoints: number;
}

interface Scope {
  root: RootScope;
  /** Set inside a nested transaction (a savepoint). */
  savepoint?: string;
  /**
   * Savepoints opened directly in this scope take turns on this lock: a savepoint released while a
   * sibling's is still open would release the sibling's too (they are a stack on one connection).
   */
  childTurn: Mutex;
}

const scopes = new AsyncLocalStorage<Scope>();

/** A first-come first-served lock for async code. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  async lock(): Promise<() => void> {
    let unlock!: () => void;
    const next = new Promise<void>((resolve) => (unlock = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => next);
    await previous;
    return unlock;
  }
}

/**
 * Runs fn in one transaction. Inside a transaction of the same database it runs in a savepoint of
 * that transaction instead: its writes commit with the outer transaction, and if fn throws only its
 * own writes are undone, as if it had been a transaction of its own.
 */
export async function joinableTransaction<DB, T>(db: Kysely<DB>, fn: (tx: Transaction<DB>) => Promise<T>): Promise<T> {
  const current = scopes.getStore();
  if (current && current.root.db === db && current.root.tx && !current.root.closing) return inSavepoint(current, fn as (tx: AnyTransaction) => Promise<T>);
  const root: RootScope = { db, closing: false, savepointTurn: new Mutex(), savepoints: 0 };
  return scopes.run({ root, childTurn: root.savepointTurn }, () =>
    db.transaction().execute(async (tx) => {
      root.tx = tx;
      return fn(tx);
    }),
  );
}

async function inSavepoint<T>(scope: Scope, fn: (tx: AnyTransaction) => Promise<T>): Promise<T> {
  const { root } = scope;
  const unlock = await scope.childTurn.lock();
  const name = sql.id(`signpost_sp_${++root.savepoints}`);
  const tx = root.tx!;
  try {
    await sql`savepoint ${name}`.execute(tx);
    return await scopes.run({ root, savepoint: String(root.savepoints), childTurn: new Mutex() }, async () => {
      try {
        const result = await fn(tx);
        await sql`release savepoint ${name}`.execute(tx);
        return result;
      } catch (error) {
        await sql`rollback to savepoint ${name}`.execute(tx).catch(() => undefined);
        throw error;
      }
    });
  } finally {
    unlock();
  }
}

/**
 * Runs fn outside any open transaction: for background work that must commit on its own. Start such
 * work, do not await it inside a transaction: on PGlite (one connection) an awaited query outside
 * waits for the connection the transaction holds until it commits, which is never.
 */
export function outsideTransaction<T>(fn: () => T): T {
  return scopes.exit(fn);
}

/**
 * Wraps a dialect so its queries join the open transaction of their async context. Single-connection
 * dialects (PGlite) are serialised here rather than by Kysely, so that a query joining the open
 * transaction does not wait for the transaction to give the connection back.
 */
export function joinableDialect(inner: Dialect, singleConnection: boolean): Dialect {
  return {
    createAdapter: () => sharedConnectionAdapter(inner.createAdapter()),
    createDriver: () => new JoinableDriver(inner.createDriver(), singleConnection ? new Mutex() : null),
    createIntrospector: (db) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
  };
}

/** The adapter as it is, except that Kysely must not add its own lock: the driver keeps it. */
function sharedConnectionAdapter(adapter: DialectAdapter): DialectAdapter {
  return new Proxy(adapter, {
    get(target, property) {
      if (property === 'supportsMultipleConnections') return true;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

class JoinableDriver implements Driver {
  /** Unlocks of the single connection, by the connection holding the turn. */
  private readonly held = new WeakMap<DatabaseConnection, () => void>();
  /** Connections lent out of an open transaction: giving them back is a no-op. */
  private readonly lentOut = new WeakSet<DatabaseConnection>();

  constructor(
    private readonly inner: Driver,
    private readonly turn: Mutex | null,
  ) {}

  private openRoot(): RootScope | undefined {
    const root = scopes.getStore()?.root;
    return root && root.owner === this && root.connection && !root.closing ? root : undefined;
  }

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const root = this.openRoot();
    if (root) return (root.lent ??= this.lend(root));
    const unlock = this.turn ? await this.turn.lock() : null;
    try {
      const connection = await this.inner.acquireConnection();
      if (unlock) this.held.set(connection, unlock);
      return connection;
    } catch (error) {
      unlock?.();
      throw error;
    }
  }

  /** The transaction's connection for a query made through the plain `db` inside the transaction. */
  private lend(root: RootScope): DatabaseConnection {
    const connection = root.connection!;
    const lent: DatabaseConnection = {
      // A query started inside the transaction but run after it ended (work left running) must not
      // use a connection that went back to the pool: it gets one of its own.
      executeQuery: <R>(query: CompiledQuery) =>
        root.closing ? this.onItsOwn((c) => c.executeQuery<R>(query)) : connection.executeQuery<R>(query),
      streamQuery: <R>(query: CompiledQuery, chunkSize: number) => connection.streamQuery<R>(query, chunkSize),
    };
    this.lentOut.add(lent);
    return lent;
  }

  private async onItsOwn<T>(work: (connection: DatabaseConnection) => Promise<T>): Promise<T> {
    const connection = await outsideTransaction(() => this.acquireConnection());
    try {
      return await work(connection);
    } finally {
      await this.releaseConnection(connection);
    }
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await this.inner.beginTransaction(connection, settings);
    const root = scopes.getStore()?.root;
    if (root && !root.connection && !root.closing) {
      root.connection = connection;
      root.owner = this;
    }
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    this.closeRootOf(connection);
    await this.inner.commitTransaction(connection);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    this.closeRootOf(connection);
    await this.inner.rollbackTransaction(connection);
  }

  private closeRootOf(connection: DatabaseConnection): void {
    const root = scopes.getStore()?.root;
    if (root && root.connection === connection) root.closing = true;
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    if (this.lentOut.has(connection)) return;
    await this.inner.releaseConnection(connection);
    const unlock = this.held.get(connection);
    this.held.delete(connection);
    unlock?.();
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }

}

