import { expect, it } from 'vitest';
import { MikroOrmUserRepository } from '../../adapters/persistence/mikro-orm-user-repository.js';
import { ConflictError } from '../../core/shared/conflict-error.js';
import type { User } from '../../core/users/user.js';
import type { UserRepository } from '../../core/users/user-repository.js';
import { InMemoryUserRepository } from '../fakes/in-memory-user-repository.js';
import { describeRepositoryContract, minute, uuid } from './repository-contract.js';

const user = (n: number, overrides: Partial<User> = {}): User => ({
  id: uuid(n),
  username: `user${n}`,
  email: `user${n}@example.com`,
  createdAt: minute(n),
  ...overrides,
});

/** What every UserRepository promises (core/users/user-repository.ts), whichever stores the users. */
describeRepositoryContract<UserRepository>(
  'UserRepository',
  { inMemory: () => new InMemoryUserRepository(), mikroOrm: (em, prepared) => new MikroOrmUserRepository(em, prepared) },
  (repository) => {
    it('finds a stored user by id, exactly as stored', async () => {
      const users = repository();
      await users.add(user(1));
      await expect(users.findById(uuid(1))).resolves.toEqual(user(1));
    });

    it('finds nothing for an unknown id or one that is not a UUID', async () => {
      const users = repository();
      await users.add(user(1));
      await expect(users.findById(uuid(2))).resolves.toBeUndefined();
      await expect(users.findById('not-a-uuid')).resolves.toBeUndefined();
    });

    it('rejects a username that is already taken, naming "username"', async () => {
      const users = repository();
      await users.add(user(1, { username: 'grace' }));
      const attempt = users.add(user(2, { username: 'grace' }));
      await expect(attempt).rejects.toBeInstanceOf(ConflictError);
      await expect(attempt).rejects.toMatchObject({ field: 'username' });
      await expect(users.list({ limit: 10 })).resolves.toHaveLength(1);
    });

    // RegisterUser lower-cases usernames before storing them; the storage compares them as they come.
    it('keeps usernames that differ only in case apart, as stored', async () => {
      const users = repository();
      await users.add(user(1, { username: 'grace' }));
      await users.add(user(2, { username: 'Grace' }));
      await expect(users.list({ limit: 10 })).resolves.toHaveLength(2);
    });

    it('rejects an email that is already taken, ignoring case, naming "email"', async () => {
      const users = repository();
      await users.add(user(1, { email: 'Grace@Example.com' }));
      const attempt = users.add(user(2, { email: 'grace@EXAMPLE.COM' }));
      await expect(attempt).rejects.toBeInstanceOf(ConflictError);
      await expect(attempt).rejects.toMatchObject({ field: 'email' });
    });

    it('lists newest first, ties broken by id, in pages strictly after the last one seen', async () => {
      const users = repository();
      const stored = [user(1), user(2), user(3, { createdAt: minute(2) }), user(4)];
      for (const each of stored) await users.add(each);

      const first = await users.list({ limit: 2 });
      expect(first.map((each) => each.id)).toEqual([uuid(4), uuid(3)]);
      const last = first[1] as User;
      const second = await users.list({ limit: 2, after: { createdAt: last.createdAt, id: last.id } });
      expect(second.map((each) => each.id)).toEqual([uuid(2), uuid(1)]);
    });
  },
);
