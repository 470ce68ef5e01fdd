import { type PGlite } from '@electric-sql/pglite';
import { CompiledQuery, type DatabaseConnection, type Driver } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';

/**
 * kysely-pglite-dialect's driver lacks the savepoint methods that MikroORM needs for nested transactions and
 * for the Migrator's all-or-nothing run; each is one statement on the transaction's own connection.
 */
export class PGliteSavepointDialect extends PGliteDialect {
  constructor(pglite: PGlite) {
    super(pglite);
  }

  override createDriver(): Driver {
    const driver = super.createDriver();
    return Object.assign(driver, {
      savepoint: onConnection('savepoint'),
      rollbackToSavepoint: onConnection('rollback to savepoint'),
      releaseSavepoint: onConnection('release savepoint'),
    });
  }
}

function onConnection(command: string) {
  return async (connection: DatabaseConnection, savepointName: string): Promise<void> => {
    await connection.executeQuery(CompiledQuery.raw(`${command} "${savepointName.replaceAll('"', '""')}"`));
  };
}
