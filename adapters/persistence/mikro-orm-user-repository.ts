import { inject, injectable } from 'inversify';
import type { PageQuery } from '../../core/shared/page.js';
import type { User } from '../../core/users/user.js';
import type { UserRepository } from '../../core/users/user-repository.js';
import { UserEntity } from './entities/user-entity.js';
import { newestFirst } from './newest-first.js';
import { toConflict } from './unique-violation.js';
import { isUuid } from './uuid-format.js';
import { SQL_STATEMENTS, type SqlStatements } from './sql-statements.js';

const fieldsByConstraint = { user_account_username_key: 'username', user_account_email_key: 'email' };

/** Single statements, outside the unit of work: each call is one round trip and keeps nothing in memory. */
@injectable()
export class MikroOrmUserRepository implements UserRepository {
  constructor(@inject(SQL_STATEMENTS) private readonly em: SqlStatements) {}

  async add(user: User): Promise<void> {
    try {
      await this.em.insert(UserEntity, { ...user });
    } catch (error) {
      throw toConflict(error, fieldsByConstraint);
    }
  }

  async list(query: PageQuery): Promise<User[]> {
    const rows = await newestFirst(this.em, UserEntity, query);
    return rows.map(toUser);
  }

  async findById(id: string): Promise<User | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.em.createQueryBuilder(UserEntity, 'u').where({ id }).execute('get', true);
    return row ? toUser(row) : undefined;
  }
}

function toUser(row: { id: string; username: string; email: string; createdAt: Date }): User {
  return { id: row.id, username: row.username, email: row.email, createdAt: new Date(row.createdAt) };
}
