import { Database } from '../../adapters/persistence/database.js';
import type { ServerDatabase } from '../../adapters/persistence/server-database.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

export interface OpenTestDatabase {
  readonly database: ServerDatabase;
  readonly testDatabase: TestDatabase;
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
    async close() {
      await database.close();
      await testDatabase.drop();
    },
  };
}
