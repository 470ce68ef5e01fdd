import { Database } from '../../adapters/persistence/database.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

export interface OpenTestDatabase {
  readonly database: Database;
  readonly testDatabase: TestDatabase;
  /** Runs `work` in an EntityManager context of its own, as every request and command does. */
  inContext<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A fresh PostgreSQL database of this test file's own, opened through the application's Database. */
export async function openTestDatabase(options: { migrate: boolean } = { migrate: true }): Promise<OpenTestDatabase> {
  const testDatabase = await createTestDatabase();
  const database = await Database.open({ kind: 'server', url: testDatabase.url, poolSize: 10 });
  if (options.migrate) await database.migrate();
  return {
    database,
    testDatabase,
    inContext: (work) => database.inContext(work),
    async close() {
      await database.close();
      await testDatabase.drop();
    },
  };
}
