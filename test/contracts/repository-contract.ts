import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import type { PreparedStatements } from '../../adapters/persistence/prepared-statements.js';
import type { SqlStatements } from '../../adapters/persistence/sql-statements.js';
import { openTestDatabase, type OpenTestDatabase } from '../persistence/open-test-database.js';

/** How to make each implementation of one repository port. */
export interface RepositoryImplementations<Port> {
  /** The fake that core's tests use (test/fakes/). */
  readonly inMemory: () => Port;
  /** The adapter, on the application's statements. */
  readonly mikroOrm: (em: SqlStatements, prepared: PreparedStatements) => Port;
}

/**
 * Runs a port's contract — `tests`, which read the repository under test through `repository()` — on the
 * in-memory fake and on the MikroORM repository on real PostgreSQL, each fresh and empty for every test, so
 * the fakes cannot drift from what the database does.
 */
export function describeRepositoryContract<Port>(
  port: string,
  implementations: RepositoryImplementations<Port>,
  tests: (repository: () => Port) => void,
): void {
  describe(`${port} contract: in memory`, () => {
    let subject: Port;
    beforeEach(() => {
      subject = implementations.inMemory();
    });
    tests(() => subject);
  });

  describe(`${port} contract: MikroORM on PostgreSQL`, () => {
    let db: OpenTestDatabase;
    let subject: Port;
    beforeAll(async () => {
      db = await openTestDatabase();
    });
    afterAll(async () => {
      await db?.close();
    });
    beforeEach(async () => {
      await db.database.em.execute('truncate user_account, form_submission, person, visit, visitor, visitor_day, visit_counter');
      subject = implementations.mikroOrm(db.database.em, db.database.preparedStatements);
    });
    tests(() => subject);
  });
}

/** Ids as the application makes them (UUIDv7-shaped), numbered for reading: `uuid(3)` sorts after `uuid(2)`. */
export function uuid(n: number): string {
  return `0190d000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** Creation times a minute apart, from a fixed morning. */
export function minute(n: number): Date {
  return new Date(Date.UTC(2025, 5, 1, 10, n));
}
