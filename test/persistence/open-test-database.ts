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
  // Tests of exact results under contention queue hundreds of queries on 10 connections: far longer than the
  // 1.5 s a client would wait for one, which is what they do not test.
  const database = await Database.open({ kind: 'server', url: testDatabase.url, poolSize: 10, timeouts: { connectMs: 60_000 } });
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
