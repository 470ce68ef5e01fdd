import { MikroORM, RequestContext } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver, type SqlEntityManager } from '@mikro-orm/postgresql';
import { migrations } from '../../migrations/index.js';
import type { DatabaseConfig } from './database-config.js';
import { openEmbeddedPostgres } from './embedded-postgres.js';
import { entities } from './entities/index.js';
import { PGliteSavepointDialect } from './pglite-dialect.js';

/**
 * The one MikroORM instance of the process. Its global EntityManager refuses work outside a context
 * (`allowGlobalContext: false`), so every request and command must run in its own fork via `inContext`.
 */
export class Database {
  private constructor(
    private readonly orm: MikroORM<PostgreSqlDriver>,
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
      });
      await orm.connect();
      return new Database(orm, async () => {});
    }
    const embedded = await openEmbeddedPostgres(config.dataDir);
    const orm = new MikroORM<PostgreSqlDriver>({
      ...shared,
      dbName: 'postgres',
      driverOptions: new PGliteSavepointDialect(embedded.pglite),
    });
    await orm.connect();
    return new Database(orm, () => embedded.close());
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

  async pendingMigrations(): Promise<string[]> {
    const pending = await this.orm.migrator.getPending();
    return pending.map((migration) => migration.name);
  }

  async migrate(): Promise<string[]> {
    const applied = await this.orm.migrator.up();
    return applied.map((migration) => migration.name);
  }

  async close(): Promise<void> {
    await this.orm.close(true);
    await this.releaseEmbedded();
  }
}
