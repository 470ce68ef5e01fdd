import { describe, expect, it } from 'vitest';
import { MikroOrmUserRepository } from '../../adapters/persistence/mikro-orm-user-repository.js';
import type { PreparedStatements } from '../../adapters/persistence/prepared-statements.js';
import type { SqlStatements } from '../../adapters/persistence/sql-statements.js';
import type { User } from '../../core/users/user.js';

const user = (n: number): User => ({
  id: `00000000-0000-7000-8000-00000000000${n}`,
  username: `user${n}`,
  email: `user${n}@example.com`,
  createdAt: new Date('2026-12-07T00:00:00Z'),
});

describe('MikroOrmUserRepository when the database stops answering', () => {
  it('fails the registrations queued behind a lone insert that timed out, sending no statement of theirs', async () => {
    const statements: string[] = [];
    let timeOut: (error: Error) => void = () => {};
    const em = {
      insert: () => {
        statements.push('insert');
        return new Promise((_resolve, reject) => (timeOut = reject));
      },
    } as unknown as SqlStatements;
    const prepared: PreparedStatements = {
      all: () => {
        statements.push('prepared');
        return Promise.resolve([]);
      },
    };
    const users = new MikroOrmUserRepository(em, prepared);

    const lone = users.add(user(1));
    // Arrive while the lone insert waits for a database that stopped answering.
    const queued = Promise.allSettled([users.add(user(2)), users.add(user(3))]);
    timeOut(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }));

    await expect(lone).rejects.toThrow('statement timeout');
    expect((await queued).map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(statements).toEqual(['insert']);
  });
});
