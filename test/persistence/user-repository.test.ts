import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { MikroOrmUserRepository } from '../../adapters/persistence/mikro-orm-user-repository.js';
import { ConflictError } from '../../core/shared/conflict-error.js';
import type { User } from '../../core/users/user.js';
import { openTestDatabase, type OpenTestDatabase } from './open-test-database.js';

let db: OpenTestDatabase;
let users: MikroOrmUserRepository;

beforeAll(async () => {
  db = await openTestDatabase();
  users = new MikroOrmUserRepository(db.database.em, db.database.preparedStatements);
});

afterAll(async () => {
  await db?.close();
});

beforeEach(async () => {
  await db.database.em.execute('truncate user_account');
});

let sequence = 0;
function user(overrides: Partial<User> = {}): User {
  sequence += 1;
  const n = sequence.toString(16).padStart(12, '0');
  return {
    id: `0190a000-0000-7000-8000-${n}`,
    username: `user${sequence}`,
    email: `user${sequence}@example.com`,
    createdAt: new Date('2025-03-01T10:00:00.000Z'),
    ...overrides,
  };
}

/** Every page of the listing, following the keyset of each page's last user. */
async function allPages(limit: number): Promise<User[][]> {
  const pages: User[][] = [];
  let after: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const page = await users.list(after ? { limit, after } : { limit });
    if (page.length === 0) return pages;
    pages.push(page);
    const last = page[page.length - 1] as User;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

describe('MikroOrmUserRepository on PostgreSQL', () => {
  it('answers concurrent requests for the same page with one statement, and each sees the users added before it asked', async () => {
    await users.add(user({ username: 'before' }));
    const execute = vi.spyOn(db.database.em, 'execute');
    try {
      const first = users.list({ limit: 10 });
      const sameTime = Array.from({ length: 20 }, () => users.list({ limit: 10 }));
      const pages = await Promise.all([first, ...sameTime]);
      // The first read went out alone; the twenty that came while it was in flight shared the next one.
      expect(execute.mock.calls.filter(([sql]) => String(sql).startsWith('select'))).toHaveLength(2);
      expect(pages.map((page) => page.map((listed) => listed.username))).toEqual(Array(21).fill(['before']));

      await users.add(user({ username: 'after' }));
      expect((await users.list({ limit: 10 })).map((listed) => listed.username)).toEqual(['after', 'before']);
    } finally {
      execute.mockRestore();
    }
  });

  it('stores a user and reads it back by id exactly as given', async () => {
    const ada = user({ username: 'ada', email: 'Ada@Example.com', createdAt: new Date('2025-03-01T10:00:00.123Z') });
    await users.add(ada);

    const found = await users.findById(ada.id);
    expect(found).toEqual(ada);
    expect(found?.createdAt).toBeInstanceOf(Date);
  });

  it('answers undefined for an id that does not exist', async () => {
    await expect(users.findById('0190a000-0000-7000-8000-ffffffffffff')).resolves.toBeUndefined();
  });

  it('answers undefined, without a query error, for an id that is not a uuid', async () => {
    await expect(users.findById('not-a-uuid')).resolves.toBeUndefined();
    await expect(users.findById("1' or '1'='1")).resolves.toBeUndefined();
  });

  it('lists newest first; among equal createdAt values the greater id comes first', async () => {
    const older = user({ createdAt: new Date('2025-03-01T09:00:00.000Z') });
    const tieA = user({ createdAt: new Date('2025-03-01T10:00:00.000Z') });
    const tieB = user({ createdAt: new Date('2025-03-01T10:00:00.000Z') });
    const newest = user({ createdAt: new Date('2025-03-01T11:00:00.000Z') });
    for (const u of [tieA, older, newest, tieB]) await users.add(u);

    const listed = await users.list({ limit: 10 });
    expect(listed.map((u) => u.id)).toEqual([newest.id, tieB.id, tieA.id, older.id]);
  });

  it('keyset paging visits every user exactly once across pages, even when a page boundary splits equal timestamps', async () => {
    const sameInstant = new Date('2025-03-02T08:00:00.000Z');
    const created: User[] = [];
    for (let i = 0; i < 7; i++) created.push(user({ createdAt: sameInstant }));
    created.push(user({ createdAt: new Date('2025-03-02T07:00:00.000Z') }));
    created.push(user({ createdAt: new Date('2025-03-02T09:00:00.000Z') }));
    // Inserted in an order unrelated to the listing order.
    for (const u of [...created].reverse()) await users.add(u);

    const pages = await allPages(2);

    expect(pages.map((page) => page.length)).toEqual([2, 2, 2, 2, 1]);
    const expectedOrder = [...created]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((u) => u.id);
    expect(pages.flat().map((u) => u.id)).toEqual(expectedOrder);
    expect(new Set(pages.flat().map((u) => u.id)).size).toBe(created.length);
  });

  it('honours the limit', async () => {
    for (let i = 0; i < 5; i++) await users.add(user());
    await expect(users.list({ limit: 3 })).resolves.toHaveLength(3);
  });

  it('rejects a taken username with a ConflictError naming the username field', async () => {
    await users.add(user({ username: 'grace' }));

    const attempt = users.add(user({ username: 'grace' }));
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toMatchObject({ field: 'username' });
  });

  it('rejects a taken email, ignoring case, with a ConflictError naming the email field', async () => {
    await users.add(user({ email: 'Grace@Example.com' }));

    const attempt = users.add(user({ email: 'grace@EXAMPLE.COM' }));
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toMatchObject({ field: 'email' });
    // The address stays stored as it was typed.
    const [stored] = await users.list({ limit: 10 });
    expect(stored?.email).toBe('Grace@Example.com');
  });

  it('lets exactly one of many concurrent registrations of the same username win', async () => {
    const attempts = Array.from({ length: 20 }, () => users.add(user({ username: 'race' })));
    const results = await Promise.allSettled(attempts);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(19);
    for (const r of rejected) expect(r.reason).toBeInstanceOf(ConflictError);
  });

  it('passes on errors that are not unique violations unchanged', async () => {
    const attempt = users.add(user({ id: 'not-a-uuid' }));
    await expect(attempt).rejects.toThrow();
    await expect(attempt).rejects.not.toBeInstanceOf(ConflictError);
  });
});

/**
 * The first add of a burst goes out alone, at once; the adds made while it is in flight wait for it and then go
 * out together in one statement. So in `addTogether(lead, ...rest)`, `rest` is exactly one batch.
 */
function addTogether(...burst: User[]) {
  return Promise.allSettled(burst.map((u) => users.add(u)));
}

describe('MikroOrmUserRepository coalescing concurrent registrations', () => {
  it('writes the registrations that queued behind a statement in one statement', async () => {
    const prepared = vi.spyOn(db.database.preparedStatements, 'all');
    const burst = [user(), user(), user(), user()];
    const results = await addTogether(...burst);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    // The lead went through MikroORM's insert; the three behind it through one multi-row prepared statement.
    expect(prepared.mock.calls.map(([statement, params]) => [statement.name, (JSON.parse(String(params[0])) as unknown[]).length])).toEqual([
      ['tally_insert_users', 3],
    ]);
    prepared.mockRestore();
    const listed = await users.list({ limit: 10 });
    expect(listed.map((u) => u.id).sort()).toEqual(burst.map((u) => u.id).sort());
  });

  it('lets exactly one of two same-username registrations in one batch win, and names the username for the other', async () => {
    const results = await addTogether(user(), user({ username: 'twin' }), user({ username: 'twin' }), user());

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const refused = results[2] as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ConflictError);
    expect(refused.reason).toMatchObject({ field: 'username' });
    await expect(users.list({ limit: 10 })).resolves.toHaveLength(3);
  });

  it('names the email, ignoring case, for a batch row whose address is taken by a stored user or a batch-mate', async () => {
    await users.add(user({ email: 'Stored@Example.com' }));
    const results = await addTogether(
      user(),
      user({ email: 'stored@example.COM' }),
      user({ email: 'Mate@Example.com' }),
      user({ email: 'MATE@example.com' }),
    );

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    for (const index of [1, 3]) expect((results[index] as PromiseRejectedResult).reason).toMatchObject({ field: 'email' });
  });

  it('names the username when a batch row clashes on both', async () => {
    await users.add(user({ username: 'both', email: 'both@example.com' }));
    const results = await addTogether(user(), user({ username: 'both', email: 'both@example.com' }), user());

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ field: 'username' });
  });

  it('fails only the bad row of a batch whose statement fails for another reason; its batch-mates are written', async () => {
    const results = await addTogether(user(), user(), user({ id: 'not-a-uuid' }), user());

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).not.toBeInstanceOf(ConflictError);
    await expect(users.list({ limit: 10 })).resolves.toHaveLength(3);
  });
});
