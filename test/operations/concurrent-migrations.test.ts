import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { PROCESS_VISITOR_SALT, runTallyProcess } from './support/tally-process.js';

/** Replicas that start together each run `tally db migrate`; the advisory lock makes them take turns. */
let testDatabase: TestDatabase;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
});

afterAll(async () => {
  await testDatabase?.drop();
});

async function appliedMigrationNames(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ name: string }>('select name from mikro_orm_migrations order by id');
    return result.rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

describe('three `tally db migrate` processes at once on one fresh database', () => {
  it('apply each migration exactly once between them, and all three exit 0', async () => {
    const env = { DATABASE_URL: testDatabase.url, VISITOR_SALT: PROCESS_VISITOR_SALT };
    const runs = await Promise.all([1, 2, 3].map(() => runTallyProcess(['db', 'migrate', '--json'], env)));

    expect(runs.map((run) => [run.code, run.stderr])).toEqual([
      [0, ''],
      [0, ''],
      [0, ''],
    ]);
    // Each printed its one line of JSON (a failure here shows what a run printed instead).
    for (const run of runs) expect(run.stdout).toMatch(/^\{"applied":\[[^\n]*\]\}\n$/);
    const expected = migrations.map((migration) => migration.name);
    const appliedByRun = runs.map((run) => (JSON.parse(run.stdout) as { applied: string[] }).applied);
    // Whoever got the lock first applied everything; the others found nothing left to do.
    expect(appliedByRun.flat().sort()).toEqual([...expected].sort());
    expect(appliedByRun.filter((applied) => applied.length > 0)).toHaveLength(1);
    expect(await appliedMigrationNames(testDatabase.url)).toEqual(expected);
  });
});
