import { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlConnection, PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { PoolClient } from 'pg';
import type { PeopleImportTransaction } from '../../core/people/people-import-transaction.js';
import { CopyPeopleImportTransaction } from './copy-people-import-transaction.js';
import { type DatabaseConfig, DEFAULT_DATABASE_TIMEOUTS, type DatabaseTimeouts } from './database-config.js';
import { migrationNames, MikroOrmDatabase, mikroOrmOptions } from './mikro-orm-database.js';
import { PgPreparedStatements } from './pg-prepared-statements.js';
import type { PoolUse } from './pool-use.js';
import type { PreparedStatements } from './prepared-statements.js';
import { TimeoutClosingClient } from './timeout-closing-client.js';

/** Any constant of tally's own: the key of the advisory lock that serialises migrators. */
const MIGRATION_LOCK_KEY = 7_347_201;

type ServerConfig = Omit<Extract<DatabaseConfig, { kind: 'server' }>, 'kind'>;

/**
 * The pg pool's options for the timeouts: `connectionTimeoutMillis` bounds both opening a connection and
 * waiting for a pooled one; `statement_timeout` makes the server cancel a slow statement (57014) and free its
 * connection; `query_timeout`, half a second later, fails the query on our side when no answer can arrive at all
 * (a network partition), and TimeoutClosingClient then drops that connection. TCP keep-alive lets the kernel find connections that died silently.
 */
function poolTimeouts(timeouts: DatabaseTimeouts) {
  const statement = timeouts.statementMs;
  return {
    Client: TimeoutClosingClient,
    connectionTimeoutMillis: timeouts.connectMs,
    keepAlive: true,
    ...(statement === undefined ? {} : { statement_timeout: statement, query_timeout: statement + 500 }),
  };
}

/** A PostgreSQL server, reached through a pool of connections that replicas share the data behind. */
export class ServerDatabase extends MikroOrmDatabase {
  static async open(config: ServerConfig): Promise<ServerDatabase> {
    // The pool opens connections on first use, so a server that is down makes readiness fail, not start-up.
    const orm = new MikroORM<PostgreSqlDriver>({
      ...mikroOrmOptions,
      clientUrl: config.url,
      pool: { min: 0, max: config.poolSize },
      driverOptions: poolTimeouts(config.timeouts ?? { connectMs: DEFAULT_DATABASE_TIMEOUTS.connectMs }),
    });
    await orm.connect();
    return new ServerDatabase(orm);
  }

  async poolUse(): Promise<PoolUse> {
    const pool = await this.pool();
    return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
  }

  /**
   * Replicas that start together queue on a transaction-scoped advisory lock, so each migration runs exactly
   * once, all or nothing.
   */
  migrate(): Promise<string[]> {
    return this.orm.em.fork().transactional(async (em) => {
      await em.execute('select pg_advisory_xact_lock(?)', [MIGRATION_LOCK_KEY], 'run');
      return migrationNames(await this.orm.migrator.up({ transaction: em.getTransactionContext() }));
    });
  }

  /** The pool's connections prepare each statement the first time they run it. */
  readonly preparedStatements: PreparedStatements = new PgPreparedStatements(() => this.pool());

  /** An import is one COPY on a connection of its own. */
  peopleImportTransaction(): PeopleImportTransaction {
    return new CopyPeopleImportTransaction(this);
  }

  /**
   * Lends `work` one connection of the pool for as long as it runs, for what MikroORM's queries cannot do — a
   * `COPY … FROM STDIN` inside a transaction of its own. When `work` throws, the connection is closed rather
   * than returned: it may be mid-COPY or in a failed transaction, and closing it makes the server roll back
   * whatever it left open.
   */
  async withServerConnection<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await (await this.pool()).connect();
    try {
      const result = await work(client);
      client.release();
      return result;
    } catch (error) {
      client.release(true);
      throw error;
    }
  }

  async close(): Promise<void> {
    const pool = await this.pool();
    await this.orm.close(true);
    // Kysely ends the pg pool only if it ran a query itself. A command whose one query went through a lent
    // connection (an import's COPY) would leave that connection idle in the pool, keeping the process alive
    // until the pool's idle timeout.
    if (!pool.ending) await pool.end();
  }

  private pool() {
    return (this.orm.em.getConnection() as PostgreSqlConnection).getNativeClient();
  }
}
