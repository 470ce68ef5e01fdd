import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../adapters/persistence/database.js';
import { numberedPlaceholders } from '../../adapters/persistence/pg-prepared-statements.js';
import type { PreparedStatement } from '../../adapters/persistence/prepared-statements.js';
import { openTestDatabase, type OpenTestDatabase } from './open-test-database.js';

/** Answers whether the connection that runs it holds it as a prepared statement, and echoes its values. */
const selfAware: PreparedStatement = {
  name: 'tally_test_self_aware',
  sql: `select exists (select 1 from pg_prepared_statements where name = 'tally_test_self_aware') as prepared,
               ?::int + 1 as next, ?::jsonb ->> 'word' as word`,
};

describe('numberedPlaceholders', () => {
  it('numbers MikroORM-style placeholders in order, as pg wants them', () => {
    expect(numberedPlaceholders('select ?::int, ?::jsonb where a = ?')).toBe('select $1::int, $2::jsonb where a = $3');
    expect(numberedPlaceholders('select 1')).toBe('select 1');
  });
});

describe('prepared statements on the PostgreSQL server', () => {
  let db: OpenTestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('are prepared on the connection that runs them, with their values bound, however often they run', async () => {
    const runs = await Promise.all(
      Array.from({ length: 30 }, (_, n) => db.database.preparedStatements.all(selfAware, [n, JSON.stringify({ word: `it's ${n}` })])),
    );
    expect(runs).toEqual(Array.from({ length: 30 }, (_, n) => [{ prepared: true, next: n + 1, word: `it's ${n}` }]));
  });
});

describe('prepared statements on the embedded database', () => {
  let dataDir: string;
  let database: Database;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tally-prepared-'));
    database = await Database.open({ kind: 'embedded', dataDir });
  });
  afterAll(async () => {
    await database?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('run through MikroORM, which fills in the values', async () => {
    const rows = await database.preparedStatements.all(selfAware, [41, JSON.stringify({ word: "it's" })]);
    expect(rows).toEqual([{ prepared: false, next: 42, word: "it's" }]);
  });
});
