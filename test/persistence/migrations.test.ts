import { MikroORM } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../adapters/persistence/database.js';
import { entities } from '../../adapters/persistence/entities/index.js';
import { migrations } from '../../migrations/index.js';
import { openTestDatabase, type OpenTestDatabase } from './open-test-database.js';

const INITIAL = 'Migration20261125000000InitialSchema';
const ALL = migrations.map((migration) => migration.name);
const INITIAL_TABLES = ['form_submission', 'user_account', 'visit', 'visit_counter', 'visitor', 'visitor_day'];

let db: OpenTestDatabase;

beforeAll(async () => {
  db = await openTestDatabase({ migrate: false });
});

afterAll(async () => {
  await db?.close();
});

async function query<T extends object>(sql: string): Promise<T[]> {
  return db.database.em.execute<T[]>(sql);
}

async function tables(): Promise<string[]> {
  const rows = await query<{ tablename: string }>(
    `select tablename from pg_tables where schemaname = 'public' order by tablename`,
  );
  return rows.map((row) => row.tablename);
}

describe('migrations on PostgreSQL', () => {
  it('lists every migration, the initial one first, as pending on a fresh database', async () => {
    expect(ALL[0]).toBe(INITIAL);
    await expect(db.database.pendingMigrations()).resolves.toEqual(ALL);
  });

  it('applies every pending migration once, after which none is pending', async () => {
    await expect(db.database.migrate()).resolves.toEqual(ALL);
    await expect(db.database.pendingMigrations()).resolves.toEqual([]);
    await expect(db.database.migrate()).resolves.toEqual([]);
  });

  it('creates the tables, and records what it applied', async () => {
    expect(await tables()).toEqual(expect.arrayContaining([...INITIAL_TABLES, 'mikro_orm_migrations']));
    const applied = await query<{ name: string }>('select name from mikro_orm_migrations order by id');
    expect(applied.map((row) => row.name)).toEqual(ALL);
  });

  it('creates a unique index on lower(email) and the keyset indexes (created_at desc, id desc)', async () => {
    const rows = await query<{ indexname: string; indexdef: string }>(
      `select indexname, indexdef from pg_indexes where schemaname = 'public'`,
    );
    const definition = (name: string) => rows.find((row) => row.indexname === name)?.indexdef;

    expect(definition('user_account_email_key')).toMatch(/CREATE UNIQUE INDEX .* \(lower\(email\)\)/);
    expect(definition('user_account_username_key')).toMatch(/CREATE UNIQUE INDEX .* \(username\)/);
    expect(definition('user_account_created_at_id_idx')).toMatch(/\(created_at DESC, id DESC\)/);
    expect(definition('form_submission_created_at_id_idx')).toMatch(/\(created_at DESC, id DESC\)/);
    expect(definition('visit_counter_pkey')).toMatch(/\(day, shard\)/);
    expect(definition('visitor_day_pkey')).toMatch(/\(day, visitor_id\)/);
  });

  it('reverts every migration with down and re-applies them cleanly', async () => {
    // Database exposes no down (production never runs it); the migrator with the same migration list does.
    const orm = new MikroORM<PostgreSqlDriver>({
      driver: PostgreSqlDriver,
      clientUrl: db.testDatabase.url,
      entities,
      extensions: [Migrator],
      allowGlobalContext: true,
      migrations: { migrationsList: migrations, silent: true, snapshot: false, allOrNothing: true },
    });
    try {
      const reverted = await orm.migrator.down({ to: 0 });
      expect(reverted.map((m) => m.name)).toEqual([...ALL].reverse());
      expect(await tables()).toEqual(['mikro_orm_migrations']);
      await expect(db.database.pendingMigrations()).resolves.toEqual(ALL);
    } finally {
      await orm.close(true);
    }

    await expect(db.database.migrate()).resolves.toEqual(ALL);
    expect(await tables()).toEqual(expect.arrayContaining(INITIAL_TABLES));
  });
});

describe('migrations started by several replicas at once', () => {
  let fresh: OpenTestDatabase;

  beforeAll(async () => {
    fresh = await openTestDatabase({ migrate: false });
  });

  afterAll(async () => {
    await fresh?.close();
  });

  it('apply each migration exactly once: one replica applies them, the others find nothing to do', async () => {
    const replicas = await Promise.all(
      [1, 2, 3].map(() => Database.open({ kind: 'server', url: fresh.testDatabase.url, poolSize: 2 })),
    );
    try {
      const applied = await Promise.all(replicas.map((replica) => replica.migrate()));

      expect(applied.filter((names) => names.length > 0)).toEqual([ALL]);
      expect(applied.flat()).toEqual(ALL);
      await expect(fresh.database.pendingMigrations()).resolves.toEqual([]);
    } finally {
      await Promise.all(replicas.map((replica) => replica.close()));
    }
  });
});
