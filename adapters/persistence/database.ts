import { MikroORM, RequestContext } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { type PostgreSqlConnection, PostgreSqlDriver, type SqlEntityManager } from '@mikro-orm/postgresql';
import type { PoolClient } from 'pg';
import { migrations } from '../../migrations/index.js';
import { type DatabaseConfig, DEFAULT_DATABASE_TIMEOUTS, type DatabaseTimeouts } from './database-config.js';
import { openEmbeddedPostgres } from './embedded-postgres.js';
import { entities } from './entities/index.js';
import { PGliteSavepointDialect } from './pglite-dialect.js';

/** Any constant of tally's own: the key of the advisory lock that serialises migrators. */
const MIGRATION_LOCK_KEY = 7_347_201;

/**
 * The pg pool's options for the timeouts: `connectionTimeoutMillis` bounds both opening a connection and
 * waiting for a pooled one; `statement_timeout` makes the server cancel a slow statement (57014) and free its
 * connection; `query_timeout` fails the query on our side when no answer can arrive at all (a network
 * partition). TCP keep-alive lets the kernel find connections that died silently.
 */
function poolTimeouts(timeouts: DatabaseTimeouts) {
  const statement = timeouts.statementMs;
  return {
    connectionTimeoutMillis: timeouts.connectMs,
    keepAlive: true,
    ...(statement === undefined ? {} : { statement_timeout: statement, query_timeout: statement + 500 }),
  };
}

const names = (migrations: readonly { name: string }[]) => migrations.map((migration) => migration.name);

/**
 * The one MikroORM instance of the process. Its global EntityManager refuses work outside a context
 * (`allowGlobalContext: false`), so every request and command must run in its own fork via `inContext`.
 */
export class Database {
  private constructor(
    private readonly orm: MikroORM<PostgreSqlDriver>,
    readonly kind: DatabaseConfig['kind'],
    private readonly releaseEmbedded: () => Promise<void>,
  ) {}

  static async open(config: DatabaseConfig): Promise<Database> {
    const shared = {
      driver: PostgreSqlDriver,
      entities,
      extensions: [Migrator],
      allowGlobalContext: false,
      ensureDatabase: false,
      migrations: { migrationsList: migrations, silent: true, snapshot: false, snapshotOnMigrate: false, allOrNothing: true },
    };
    if (config.kind === 'server') {
      // The pool opens connections on first use, so a server that is down makes readiness fail, not start-up.
      const orm = new MikroORM<PostgreSqlDriver>({
        ...shared,
        clientUrl: config.url,
        pool: { min: 0, max: config.poolSize },
        driverOptions: poolTimeouts(config.timeouts ?? { connectMs: DEFAULT_DATABASE_TIMEOUTS.connectMs }),
      });
      await orm.connect();
      return new Database(orm, 'server', async () => {});
    }
    const embedded = await openEmbeddedPostgres(config.dataDir);
    const orm = new MikroORM<PostgreSqlDriver>({
      ...shared,
      dbName: 'postgres',
      driverOptions: new PGliteSavepointDialect(embedded.pglite),
    });
    await orm.connect();
    return new Database(orm, 'embedded', () => embedded.close());
  }

  /** The global EntityManager: inside `inContext` it resolves to that context's own fork. */
  get em(): SqlEntityManager {
    return this.orm.em;
  }

  /** Runs `work` (and everything it awaits) with a fresh EntityManager fork of its own. */
  inContext<T>(work: () => T): T {
    return RequestContext.create(this.orm.em, work);
  }

  /** Throws with the driver's reason when the database does not answer. */
  async ping(): Promise<void> {
    const status = await this.orm.checkConnection();
    if (!status.ok) throw new Error(status.reason);
  }

  /** The pg pool's connection counts, for the metrics; the embedded database has one connection and no pool. */
  async poolUse(): Promise<{ total: number; idle: number; waiting: number } | undefined> {
    if (this.kind === 'embedded') return undefined;
    const pool = await this.serverPool();
    return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
  }

  /**
   * Lends `work` one connection of the server's pool for as long as it runs, for what MikroORM's queries cannot
   * do — a `COPY … FROM STDIN` inside a transaction of its own. When `work` throws, the connection is closed
   * rather than returned: it may be mid-COPY or in a failed transaction, and closing it makes the server roll
   * back whatever it left open. The embedded database has a single connection, MikroORM's, and lends none.
   */
  async withServerConnection<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    if (this.kind === 'embedded') throw new Error('the embedded database has no connection to lend');
    const client = await (await this.serverPool()).connect();
    try {
      const result = await work(client);
      client.release();
      return result;
    } catch (error) {
      client.release(true);
      throw error;
    }
  }

  private serverPool() {
    return (this.orm.em.getConnection() as PostgreSqlConnection).getNativeClient();
  }

  async pendingMigrations(): Promise<string[]> {
    return names(await this.orm.migrator.getPending());
  }

  /**
   * Applies pending migrations all or nothing. On a server, replicas that start together queue on a
   * transaction-scoped advisory lock, so each migration runs exactly once; the embedded database is one
   * process's alone (its lock file sees to that) and PGlite has a single connection, so it needs none.
   */
  async migrate(): Promise<string[]> {
    if (this.kind === 'embedded') return names(await this.orm.migrator.up());
    return this.orm.em.fork().transactional(async (em) => {
      await em.execute('select pg_advisory_xact_lock(?)', [MIGRATION_LOCK_KEY], 'run');
      return names(await this.orm.migrator.up({ transaction: em.getTransactionContext() }));
    });
  }

  async close(): Promise<void> {
    const pool = this.kind === 'server' ? await this.serverPool() : undefined;
    await this.orm.close(true);
    // Kysely ends the pg pool only if it ran a query itself. A command whose one query went through a lent
    // connection (an import's COPY) would leave that connection idle in the pool, keeping the process alive
    // until the pool's idle timeout.
    if (pool !== undefined && !pool.ending) await pool.end();
    await this.releaseEmbedded();
  }
}
