import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../adapters/persistence/database.js';
import { UserEntity } from '../../adapters/persistence/entities/user-entity.js';
import { openTestDatabase, type OpenTestDatabase } from './open-test-database.js';

const UNREACHABLE = 'postgres://postgres@127.0.0.1:1/tally';

describe('Database on a PostgreSQL server', () => {
  let db: OpenTestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase({ migrate: false });
  });

  afterAll(async () => {
    await db?.close();
  });

  it('pings a server that answers', async () => {
    await expect(db.database.ping()).resolves.toBeUndefined();
  });

  it('refuses unit-of-work operations through the global EntityManager outside a context', async () => {
    await expect(db.database.em.findOne(UserEntity, { username: 'ada' })).rejects.toThrow(/global EntityManager/i);
  });

  it('reports the pool use of a server database', async () => {
    await db.database.ping();
    const use = await db.database.poolUse();
    expect(use).toEqual({ total: expect.any(Number), idle: expect.any(Number), waiting: 0 });
    expect(use?.total).toBeGreaterThanOrEqual(use?.idle ?? 0);
    expect(use?.total).toBeLessThanOrEqual(10);
  });
});

describe('a connection the Database lends', () => {
  let db: OpenTestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase({ migrate: false });
  });

  afterAll(async () => {
    await db?.close();
  });

  it('is closed with the Database even when MikroORM itself never ran a query, so a command can exit', async () => {
    const database = await Database.open({ kind: 'server', url: db.testDatabase.url, poolSize: 2 });
    const { rows } = await database.withServerConnection((client) => client.query<{ pid: number }>('select pg_backend_pid() as pid'));
    await database.close();
    const alive = () =>
      db.database.em.execute<{ n: string }[]>('select count(*)::text as n from pg_stat_activity where pid = ?', [rows[0]?.pid]);
    await expect.poll(async () => (await alive())[0]?.n).toBe('0');
  });
});

describe('Database on a server that does not answer', () => {
  it('opens without error, because the pool connects lazily, and ping throws', async () => {
    const database = await Database.open({ kind: 'server', url: UNREACHABLE, poolSize: 1 });
    try {
      await expect(database.ping()).rejects.toThrow(/ECONNREFUSED|connect/i);
    } finally {
      await database.close();
    }
  });
});
