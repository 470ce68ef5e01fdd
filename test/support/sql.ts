import { expect } from 'vitest';
import pg from 'pg';
import type { TestApp } from './test-app.js';

/** Runs one query on the test app's own database, beside the app, as an independent witness. */
export async function sql<R extends pg.QueryResultRow>(testApp: TestApp, text: string, values: unknown[] = []): Promise<R[]> {
  const { database } = testApp.config;
  if (database.kind !== 'server') throw new Error('the test app runs on a PostgreSQL server');
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** How many rows each named table holds now. */
export async function rowCounts(testApp: TestApp, tables: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await sql<{ count: string }>(testApp, `select count(*)::text as count from ${table}`);
    counts[table] = Number(row?.count);
  }
  return counts;
}

/** Runs `act` and asserts that it left every named table with exactly the rows it had. */
export async function expectNothingWritten<T>(testApp: TestApp, tables: readonly string[], act: () => Promise<T>): Promise<T> {
  const before = await rowCounts(testApp, tables);
  const result = await act();
  expect(await rowCounts(testApp, tables)).toEqual(before);
  return result;
}
