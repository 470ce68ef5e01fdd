import type { MikroORM } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver, type SqlEntityManager } from '@mikro-orm/postgresql';
import type { PeopleImportTransaction } from '../../core/people/people-import-transaction.js';
import { migrations } from '../../migrations/index.js';
import { translateDriverFailure } from './database-failure.js';
import { entities } from './entities/index.js';
import type { PoolUse } from './pool-use.js';
import type { PreparedStatements } from './prepared-statements.js';
import { sharedReads } from './shared-reads.js';

/** MikroORM's options for either database; only how it connects differs. */
export const mikroOrmOptions = {
  driver: PostgreSqlDriver,
  entities,
  extensions: [Migrator],
  // The repositories run statements only (sql-statements.ts): anything needing a unit of work must fail loudly.
  allowGlobalContext: false,
  ensureDatabase: false,
  migrations: { migrationsList: migrations, silent: true, snapshot: false, snapshotOnMigrate: false, allOrNothing: true },
};

export const migrationNames = (applied: readonly { name: string }[]) => applied.map((migration) => migration.name);

/** What the server and the embedded database (the two kinds of database.ts's Database) do alike, through their MikroORM. */
export abstract class MikroOrmDatabase {
  // Probes and scrapes that arrive together share one `select 1` (shared-reads.ts). MikroORM answers a failed check
  // rather than throwing; it is thrown here, so that the checks queued behind one the database did not answer fail
  // with it instead of waiting out a timeout of their own (StatementCoalescer).
  private readonly connectionChecks = sharedReads(async () => {
    const status = await this.orm.checkConnection();
    if (!status.ok) throw translateDriverFailure(status.error ?? new Error(status.reason));
    return status;
  }, () => '');

  protected constructor(protected readonly orm: MikroORM<PostgreSqlDriver>) {}

  get em(): SqlEntityManager {
    return this.orm.em;
  }

  /** Throws DatabaseUnavailableError, with a reason in tally's words, when the database does not answer. */
  async ping(): Promise<void> {
    await this.connectionChecks.run(undefined);
  }

  async pendingMigrations(): Promise<string[]> {
    return migrationNames(await this.orm.migrator.getPending());
  }

  abstract readonly preparedStatements: PreparedStatements;
  abstract poolUse(): Promise<PoolUse | undefined>;
  abstract migrate(): Promise<string[]>;
  abstract peopleImportTransaction(): PeopleImportTransaction;
  abstract close(): Promise<void>;
}
