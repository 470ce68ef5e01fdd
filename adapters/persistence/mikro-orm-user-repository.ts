import { inject, injectable } from 'inversify';
import type { PageQuery } from '../../core/shared/page.js';
import type { User } from '../../core/users/user.js';
import type { UserRepository } from '../../core/users/user-repository.js';
import { DatabaseUnavailableError } from '../../core/shared/database-unavailable-error.js';
import { translateDriverFailure } from './database-failure.js';
import { UserEntity } from './entities/user-entity.js';
import { newestFirst } from './newest-first.js';
import { rowById } from './row-by-id.js';
import { toConflict } from './unique-violation.js';
import { type InsertOutcome, insertUsers } from './user-batch-insert.js';
import { WriteCoalescer } from './write-coalescer.js';
import { SQL_STATEMENTS, type SqlStatements } from './sql-statements.js';

const fieldsByConstraint = { user_account_username_key: 'username', user_account_email_key: 'email' };

/**
 * Single statements, outside the unit of work: each call is one round trip and keeps nothing in memory.
 * Registrations that arrive together are written together (see WriteCoalescer): one statement for the batch.
 * A batch holds other requests' users, so `add` must never be called inside a transaction, whose connection
 * the batch would then share; no use case does.
 */
@injectable()
export class MikroOrmUserRepository implements UserRepository {
  private readonly inserts: WriteCoalescer<User, InsertOutcome>;

  constructor(@inject(SQL_STATEMENTS) private readonly em: SqlStatements) {
    this.inserts = new WriteCoalescer((users) => this.insertBatch(users));
  }

  async add(user: User): Promise<void> {
    const failure = await this.inserts.write(user);
    if (failure !== undefined) throw failure;
  }

  /**
   * A lone user goes through MikroORM's own insert. When a batch statement fails as a whole (not a taken name:
   * those it skips), each user is tried alone, so that one bad row fails only its own request — unless the
   * database is unavailable, which trying again at once would only load further.
   */
  private async insertBatch(users: readonly User[]): Promise<InsertOutcome[]> {
    if (users.length > 1) {
      try {
        return await insertUsers(this.em, users);
      } catch (error) {
        if (translateDriverFailure(error) instanceof DatabaseUnavailableError) return users.map(() => error as Error);
      }
    }
    return Promise.all(users.map((user) => this.insertOne(user)));
  }

  private async insertOne(user: User): Promise<InsertOutcome> {
    try {
      await this.em.insert(UserEntity, { ...user });
      return undefined;
    } catch (error) {
      return toConflict(error, fieldsByConstraint) as Error;
    }
  }

  async list(query: PageQuery): Promise<User[]> {
    const rows = await newestFirst(this.em, UserEntity, query);
    return rows.map(toUser);
  }

  async findById(id: string): Promise<User | undefined> {
    const row = await rowById(this.em, UserEntity, id);
    return row ? toUser(row) : undefined;
  }
}

function toUser(row: { id: string; username: string; email: string; createdAt: Date }): User {
  return { id: row.id, username: row.username, email: row.email, createdAt: new Date(row.createdAt) };
}
