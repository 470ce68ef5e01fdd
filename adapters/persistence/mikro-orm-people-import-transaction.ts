import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { inject, injectable } from 'inversify';
import type { PeopleImportTransaction, PersonBatchWriter } from '../../core/people/people-import-transaction.js';
import { ENTITY_MANAGER } from './entity-manager-token.js';
import { insertPeopleBatch } from './person-batch-insert.js';

/**
 * The whole import is one database transaction, so a failure — a bad row, an error, the process being killed —
 * leaves the table as it was. Inside it only the transaction's own EntityManager is used: on the embedded
 * database any other query would wait for the transaction forever.
 */
@injectable()
export class MikroOrmPeopleImportTransaction implements PeopleImportTransaction {
  constructor(@inject(ENTITY_MANAGER) private readonly em: SqlEntityManager) {}

  run<T>(work: (writer: PersonBatchWriter) => Promise<T>): Promise<T> {
    return this.em.transactional((transaction) => work({ insertBatch: (people) => insertPeopleBatch(transaction, people) }));
  }
}
