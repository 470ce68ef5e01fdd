import type { SqlEntityManager } from '@mikro-orm/postgresql';

/**
 * What the repositories use of MikroORM: single statements (inserts, deletes, query builders, raw SQL),
 * transactions, and the entities' metadata (to write raw SQL from it). None of these touches the identity map or the unit of work, so the process-wide EntityManager
 * serves every request and command as it is, with no fork per request. Inside a transaction MikroORM sends each
 * statement to that transaction's own connection, which the embedded database needs: on its one connection any
 * other would wait for the transaction forever. Anything that would use the identity map refuses to run on the
 * process-wide EntityManager (`allowGlobalContext: false`), so a repository cannot start relying on it by mistake.
 */
export type SqlStatements = Pick<SqlEntityManager, 'insert' | 'nativeDelete' | 'createQueryBuilder' | 'execute' | 'transactional' | 'getMetadata'>;

export const SQL_STATEMENTS = Symbol.for('tally.SqlStatements');
