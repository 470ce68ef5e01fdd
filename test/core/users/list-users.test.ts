import { beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/shared/validation-error.js';
import { ListUsers } from '../../../core/users/list-users.js';
import { RegisterUser } from '../../../core/users/register-user.js';
import type { User } from '../../../core/users/user.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { InMemoryUserRepository } from '../../fakes/in-memory-user-repository.js';
import { SequentialIdGenerator } from '../../fakes/sequential-id-generator.js';

describe('ListUsers', () => {
  let users: InMemoryUserRepository;
  let clock: FixedClock;
  let registerUser: RegisterUser;
  let listUsers: ListUsers;

  beforeEach(() => {
    users = new InMemoryUserRepository();
    clock = new FixedClock('2025-03-01T10:00:00.000Z');
    registerUser = new RegisterUser(users, new SequentialIdGenerator(), clock);
    listUsers = new ListUsers(users);
  });

  /** Registers `count` users named user1, user2… one second apart, oldest first. */
  async function register(count: number, step = 1000): Promise<User[]> {
    const registered: User[] = [];
    for (let n = 1; n <= count; n += 1) {
      registered.push(await registerUser.execute({ username: `user${n}`, email: `user${n}@example.com` }));
      clock.advance(step);
    }
    return registered;
  }

  async function listAll(limit: number): Promise<{ usernames: string[]; pages: number }> {
    const usernames: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listUsers.execute(cursor === undefined ? { limit } : { limit, cursor });
      usernames.push(...page.items.map((user) => user.username));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== undefined);
    return { usernames, pages };
  }

  it('answers an empty page without a cursor when there are no users', async () => {
    expect(await listUsers.execute({})).toEqual({ items: [] });
  });

  it('lists users newest first', async () => {
    const [first, second, third] = await register(3);

    const page = await listUsers.execute({});

    expect(page.items).toEqual([third, second, first]);
    expect(page.nextCursor).toBeUndefined();
  });

  it('pages through every user exactly once, newest first', async () => {
    await register(7);

    const { usernames, pages } = await listAll(3);

    expect(usernames).toEqual(['user7', 'user6', 'user5', 'user4', 'user3', 'user2', 'user1']);
    expect(pages).toBe(3);
  });

  it('pages through users registered in the same millisecond without duplicates or gaps', async () => {
    await register(5, 0);

    const { usernames } = await listAll(2);

    expect(usernames).toEqual(['user5', 'user4', 'user3', 'user2', 'user1']);
  });

  it('keeps the next page stable while new users register', async () => {
    await register(4);
    const first = await listUsers.execute({ limit: 2 });
    await registerUser.execute({ username: 'latecomer', email: 'late@example.com' });

    const second = await listUsers.execute({ limit: 2, cursor: first.nextCursor });

    expect(second.items.map((user) => user.username)).toEqual(['user2', 'user1']);
    expect(second.nextCursor).toBeUndefined();
  });

  it('gives no cursor when the last page is exactly full', async () => {
    await register(4);

    const page = await listUsers.execute({ limit: 4 });

    expect(page.items).toHaveLength(4);
    expect(page.nextCursor).toBeUndefined();
  });

  it('lists 50 users when no limit is given', async () => {
    await register(51, 1);

    const page = await listUsers.execute({});

    expect(page.items).toHaveLength(50);
    expect(page.items[0]?.username).toBe('user51');
    expect(page.nextCursor).toBeDefined();
  });

  it('rejects a limit outside 1 to 500 with a ValidationError naming the limit', async () => {
    const error: unknown = await listUsers.execute({ limit: 501 }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { field: 'limit', message: 'must be an integer from 1 to 500' },
    ]);
  });

  it('rejects a cursor it did not issue with a ValidationError naming the cursor', async () => {
    const error: unknown = await listUsers.execute({ cursor: 'not-a-cursor' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.field)).toEqual(['cursor']);
  });
});
