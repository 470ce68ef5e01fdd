import { inject, injectable } from 'inversify';
import { ConflictError } from '../../core/shared/conflict-error.js';
import type { PageQuery } from '../../core/shared/page.js';
import type { User } from '../../core/users/user.js';
import type { UserRepository } from '../../core/users/user-repository.js';
import { UserEntity } from './entities/user-entity.js';
import { newestFirstPages } from './newest-first.js';
import { rowById } from './row-by-id.js';
import { toConflict } from './unique-violation.js';
import { type InsertOutcome, insertUsers } from './user-batch-insert.js';
import { StatementCoalescer } from './statement-coalescer.js';
import { PREPARED_STATEMENTS, type PreparedStatements } from './prepared-statements.js';
import { SQL_STATEMENTS, type SqlStatements } from './sql-statements.js';

const fieldsByConstraint = { user_account_username_key: 'username', user_account_email_key: 'email' };

/**
 * Single statements, outside the unit of work: each call is one round trip and keeps nothing in memory.
 * Registrations that arrive together are written together (see StatementCoalescer): one statement for the batch;
 * requests for the same page are answered together (shared-reads.ts). A batch holds other requests' users, so
 * `add` and `list` must never be called inside a transaction, whose connection the batch would then share; no
 * use case does.
 */
@injectable()
export class MikroOrmUserRepository implements UserRepository {
  private readonly inserts: StatementCoalescer<User, InsertOutcome>;
  private readonly pages: (query: PageQuery) => Promise<User[]>;

  constructor(
    @inject(SQL_STATEMENTS) private readonly em: SqlStatements,
    @inject(PREPARED_STATEMENTS) prepared: PreparedStatements,
  ) {
    // A lone user goes through MikroORM's own insert; a taken name is an outcome, not a failed batch.
    this.inserts = new StatementCoalescer({ many: (users) => insertUsers(prepared, users), one: (user) => this.insertOne(user) });
    this.pages = newestFirstPages(this.em, UserEntity, toUser);
  }

  async add(user: User): Promise<void> {
    const failure = await this.inserts.run(user);
    if (failure !== undefined) throw failure;
  }

  private async insertOne(user: User): Promise<InsertOutcome> {
    try {
      await this.em.insert(UserEntity, { ...user });
      return undefined;
    } catch (error) {
      // Only a taken name is an outcome. Any other failure is thrown, so that the coalescer sees it: when the
      // database is unavailable it fails the requests queued behind this one instead of sending theirs.
      const conflict = toConflict(error, fieldsByConstraint);
      if (conflict instanceof ConflictError) return conflict;
      throw error;
    }
  }

  list(query: PageQuery): Promise<User[]> {
    return this.pages(query);
  }

  async findById(id: string): Promise<User | undefined> {
    const row = await rowById(this.em, UserEntity, id);
    return row ? toUser(row) : undefined;
  }
}

function toUser(row: { id: string; username: string; email: string; createdAt: Date }): User {
  return { id: row.id, username: row.username, email: row.email, createdAt: new Date(row.createdAt) };
}
