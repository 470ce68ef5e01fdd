import { inject, injectable } from 'inversify';
import type { ControlledTransaction } from 'kysely';
import type { PeopleImportTransaction, PersonBatchWriter } from '../../core/people/people-import-transaction.js';
import { insertPeopleBatch } from './person-batch-insert.js';
import { SQL_STATEMENTS, type SqlStatements } from './sql-statements.js';

/**
 * The import on the embedded database (a server takes it as a COPY: copy-people-import-transaction.ts). PGlite
 * has one connection, MikroORM's, and no COPY from a client stream, so each batch is one insert statement.
 *
 * The whole import is one database transaction, so a failure — a bad row, an error, the process being killed —
 * leaves the table as it was. Batches go through that transaction's own Kysely connection (MikroORM's context
 * for it), never another: on the embedded database any other query would wait for the transaction forever.
 */
@injectable()
export class MikroOrmPeopleImportTransaction implements PeopleImportTransaction {
  constructor(@inject(SQL_STATEMENTS) private readonly em: SqlStatements) {}

  run<T>(work: (writer: PersonBatchWriter) => Promise<T>): Promise<T> {
    return this.em.transactional((em) => {
      const connection = em.getTransactionContext<ControlledTransaction<unknown>>();
      if (connection === undefined) throw new Error('transactional() gave no transaction context');
      return work({ insertBatch: (people, createdAt) => insertPeopleBatch(connection, people, createdAt) });
    });
  }
}
