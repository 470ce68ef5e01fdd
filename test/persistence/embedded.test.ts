import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../adapters/cli/cli.js';
import { EXIT } from '../../adapters/cli/exit-codes.js';
import { Database } from '../../adapters/persistence/database.js';
import { DataDirectoryInUseError } from '../../adapters/persistence/data-directory-in-use-error.js';
import { MikroOrmSubmissionRepository } from '../../adapters/persistence/mikro-orm-submission-repository.js';
import { MikroOrmUserRepository } from '../../adapters/persistence/mikro-orm-user-repository.js';
import { MikroOrmVisitRepository } from '../../adapters/persistence/mikro-orm-visit-repository.js';
import { createCliServices } from '../../composition/cli-services.js';
import type { User } from '../../core/users/user.js';
import { migrations } from '../../migrations/index.js';

// PGlite takes seconds to initialise a data directory; this file opens one twice in all.
vi.setConfig({ testTimeout: 120_000 });

const ada: User = {
  id: '0190c000-0000-7000-8000-000000000001',
  username: 'ada',
  email: 'ada@example.com',
  createdAt: new Date('2025-06-01T10:00:00.000Z'),
};
const grace: User = {
  id: '0190c000-0000-7000-8000-000000000002',
  username: 'grace',
  email: 'grace@example.com',
  createdAt: new Date('2025-06-01T11:00:00.000Z'),
};
const rolledBack: User = {
  id: '0190c000-0000-7000-8000-000000000003',
  username: 'rolled-back',
  email: 'rolled-back@example.com',
  createdAt: new Date('2025-06-01T12:00:00.000Z'),
};

describe('the embedded database (PostgreSQL in-process on PGlite)', () => {
  let dataDir: string;
  let database: Database | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tally-embedded-'));
    database = await Database.open({ kind: 'embedded', dataDir });
  });

  afterAll(async () => {
    await database?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('migrates a new data directory and then has nothing pending', async () => {
    const db = database as Database;
    const all = migrations.map((migration) => migration.name);
    expect(all).toContain('Migration20261125000000InitialSchema');
    await expect(db.pendingMigrations()).resolves.toEqual(all);
    await expect(db.migrate()).resolves.toEqual(all);
    await expect(db.pendingMigrations()).resolves.toEqual([]);
    await expect(db.ping()).resolves.toBeUndefined();
    // One in-process connection: there is no pool to report.
    await expect(db.poolUse()).resolves.toBeUndefined();
  });

  it('stores and lists users through the repositories', async () => {
    const db = database as Database;
    const users = new MikroOrmUserRepository(db.em, db.preparedStatements);
    await users.add(ada);

    await expect(users.list({ limit: 10 })).resolves.toEqual([ada]);
    await expect(users.findById(ada.id)).resolves.toEqual(ada);
    await expect(users.add({ ...grace, email: 'ADA@example.com' })).rejects.toMatchObject({
      field: 'email',
    });
  });

  it('coalesces concurrent registrations on its one connection: one of two same-username ones in a batch wins', async () => {
    const db = database as Database;
    const users = new MikroOrmUserRepository(db.em, db.preparedStatements);
    const burst = [
      { ...ada, id: '0190a000-0000-7000-8000-00000000b001', username: 'lead', email: 'lead@example.com' },
      { ...ada, id: '0190a000-0000-7000-8000-00000000b002', username: 'twin', email: 'twin1@example.com' },
      { ...ada, id: '0190a000-0000-7000-8000-00000000b003', username: 'twin', email: 'twin2@example.com' },
      { ...ada, id: '0190a000-0000-7000-8000-00000000b004', username: 'other', email: 'other@example.com' },
    ];
    // The lead goes out alone; the three added while it is in flight go out together in one statement.
    const results = await Promise.allSettled(burst.map((user) => users.add(user)));

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ field: 'username' });
    // The later tests count the users of this data directory.
    await db.em.execute("delete from user_account where username in ('lead', 'twin', 'other')");
  });

  it('coalesces concurrent visits on its one connection, with exact counts and each answer counting its own visit', async () => {
    const db = database as Database;
    const visits = new MikroOrmVisitRepository(db.em, db.preparedStatements);
    const day = '2025-06-01';
    const at = new Date(`${day}T10:00:00.000Z`);
    const answers = await Promise.all(Array.from({ length: 40 }, (_, n) => visits.record({ visitorId: `v${n % 3}`, visitedAt: at, day })));

    expect(Math.min(...answers.map((answer) => answer.totalVisits))).toBeGreaterThanOrEqual(1);
    const exact = { totalVisits: 40, uniqueVisitors: 3, today: { visits: 40, uniqueVisitors: 3 } };
    expect(answers.at(-1)).toEqual(exact);
    await expect(visits.statistics(day)).resolves.toEqual(exact);
    await expect(visits.dailyCounts(day, day)).resolves.toEqual([{ day, visits: 40, uniqueVisitors: 3 }]);
  });

  it('coalesces concurrent form submissions on its one connection; a bad one fails alone', async () => {
    const db = database as Database;
    const submissions = new MikroOrmSubmissionRepository(db.em, db.preparedStatements);
    const submission = (n: number, pet = 'cats') => ({
      id: `0190d000-0000-7000-8000-00000000000${n}`,
      name: `Person ${n}`,
      favoriteColor: 'teal',
      pet: pet as 'cats',
      createdAt: new Date(`2025-06-01T10:00:0${n}.000Z`),
    });
    const results = await Promise.allSettled([1, 2, 3, 4].map((n) => submissions.add(submission(n, n === 3 ? 'hamsters' : 'cats'))));

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const stored = await submissions.list({ limit: 10 });
    expect(stored.map((each) => each.name)).toEqual(['Person 4', 'Person 2', 'Person 1']);
  });

  it('rolls back an inner transaction to its savepoint and keeps the outer work', async () => {
    const db = database as Database;
    await db.em.transactional(async (outer) => {
      await new MikroOrmUserRepository(outer, db.preparedStatements).add(grace);
      await expect(
        outer.transactional(async (inner) => {
          await new MikroOrmUserRepository(inner, db.preparedStatements).add(rolledBack);
          throw new Error('inner work fails');
        }),
      ).rejects.toThrow('inner work fails');
      // Still inside the outer transaction: its own insert is visible, the inner one is gone.
      const seen = await new MikroOrmUserRepository(outer, db.preparedStatements).list({ limit: 10 });
      expect(seen.map((u) => u.username)).toEqual(['grace', 'ada']);
    });

    const users = new MikroOrmUserRepository(db.em, db.preparedStatements);
    const listed = await users.list({ limit: 10 });
    expect(listed.map((u) => u.username)).toEqual(['grace', 'ada']);
  });

  it('refuses a second open of the same data directory while it is in use', async () => {
    await expect(Database.open({ kind: 'embedded', dataDir })).rejects.toBeInstanceOf(DataDirectoryInUseError);
    await expect(Database.open({ kind: 'embedded', dataDir })).rejects.toThrow(/TALLY_DATA_DIR .* is in use/);
  });

  it('makes the command line exit 7 (unavailable) while another process holds the data directory', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const code = await runCli(['stats'], createCliServices({ TALLY_DATA_DIR: dataDir }));
      expect(code).toBe(EXIT.unavailable);
      expect(stderr.mock.calls.map(([chunk]) => String(chunk)).join('')).toMatch(/is in use by another tally process/);
    } finally {
      stderr.mockRestore();
    }
  });

  it('keeps the data after close, and a reopen sees it', async () => {
    await (database as Database).close();
    database = undefined;

    database = await Database.open({ kind: 'embedded', dataDir });
    const db = database;
    await expect(db.pendingMigrations()).resolves.toEqual([]);
    const users = new MikroOrmUserRepository(db.em, db.preparedStatements);
    await expect(users.list({ limit: 10 })).resolves.toEqual([grace, ada]);
  });
});

describe('an embedded data directory that cannot be opened', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tally-embedded-broken-'));
    // A file where PGlite's data directory should be.
    await writeFile(join(dataDir, 'pgdata'), 'not a database');
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('fails to open, and releases its lock so that the next attempt meets the same error, not "in use"', async () => {
    const first = await Database.open({ kind: 'embedded', dataDir }).then(
      () => undefined,
      (error: unknown) => error,
    );
    // PGlite's own error (an Emscripten ErrnoError, not always an Error subclass).
    expect(first).toBeDefined();
    expect(first).not.toBeInstanceOf(DataDirectoryInUseError);

    const second = await Database.open({ kind: 'embedded', dataDir }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(second).toBeDefined();
    expect(second).not.toBeInstanceOf(DataDirectoryInUseError);
    expect(String((second as { message?: unknown }).message)).toBe(String((first as { message?: unknown }).message));
  });
});
