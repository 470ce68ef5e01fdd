import { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { PeopleImportTransaction } from '../../core/people/people-import-transaction.js';
import { type EmbeddedPostgres, openEmbeddedPostgres } from './embedded-postgres.js';
import { migrationNames, MikroOrmDatabase, mikroOrmOptions } from './mikro-orm-database.js';
import { MikroOrmPeopleImportTransaction } from './mikro-orm-people-import-transaction.js';
import { PGliteSavepointDialect } from './pglite-dialect.js';
import type { PreparedStatements } from './prepared-statements.js';

/** PostgreSQL in this process (PGlite) on a data directory that this process alone holds: one connection, no pool. */
export class EmbeddedDatabase extends MikroOrmDatabase {
  private constructor(
    orm: MikroORM<PostgreSqlDriver>,
    private readonly embedded: EmbeddedPostgres,
  ) {
    super(orm);
  }

  static async open(config: { readonly dataDir: string }): Promise<EmbeddedDatabase> {
    const embedded = await openEmbeddedPostgres(config.dataDir);
    const orm = new MikroORM<PostgreSqlDriver>({
      ...mikroOrmOptions,
      dbName: 'postgres',
      driverOptions: new PGliteSavepointDialect(embedded.pglite),
    });
    await orm.connect();
    return new EmbeddedDatabase(orm, embedded);
  }

  /** Through MikroORM, which fills in the values: PGlite's driver keeps no prepared statements. */
  readonly preparedStatements: PreparedStatements = {
    all: (statement, params) => this.orm.em.execute(statement.sql, [...params], 'all'),
  };

  /** One in-process connection: there is no pool to report. */
  async poolUse(): Promise<undefined> {
    return undefined;
  }

  /** The data directory's lock file makes this process the only migrator, and one connection needs no advisory lock. */
  async migrate(): Promise<string[]> {
    return migrationNames(await this.orm.migrator.up());
  }

  /** PGlite cannot take a COPY from a client stream: an import is batched inserts in one MikroORM transaction. */
  peopleImportTransaction(): PeopleImportTransaction {
    return new MikroOrmPeopleImportTransaction(this.em);
  }

  async close(): Promise<void> {
    await this.orm.close(true);
    await this.embedded.close();
  }
}
