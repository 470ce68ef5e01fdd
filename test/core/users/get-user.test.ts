import { beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../core/shared/not-found-error.js';
import { GetUser } from '../../../core/users/get-user.js';
import type { User } from '../../../core/users/user.js';
import { InMemoryUserRepository } from '../../fakes/in-memory-user-repository.js';
import { SequentialIdGenerator } from '../../fakes/sequential-id-generator.js';

describe('GetUser', () => {
  let users: InMemoryUserRepository;
  let getUser: GetUser;
  const ada: User = {
    id: SequentialIdGenerator.idFor(1),
    username: 'ada',
    email: 'Ada@example.com',
    createdAt: new Date('2025-03-01T10:00:00.000Z'),
  };

  beforeEach(async () => {
    users = new InMemoryUserRepository();
    getUser = new GetUser(users);
    await users.add(ada);
    await users.add({ ...ada, id: SequentialIdGenerator.idFor(2), username: 'grace', email: 'grace@example.com' });
  });

  it('returns the user with the given id', async () => {
    expect(await getUser.execute(ada.id)).toEqual(ada);
  });

  it('rejects an id that no user has with a NotFoundError naming the resource and the id', async () => {
    const missing = SequentialIdGenerator.idFor(99);

    const error: unknown = await getUser.execute(missing).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      kind: 'not-found',
      resource: 'user',
      id: missing,
      message: `user ${missing} does not exist`,
    });
  });
});
