import { ConflictError } from '../../core/shared/conflict-error.js';
import type { PageQuery } from '../../core/shared/page.js';
import type { User } from '../../core/users/user.js';
import type { UserRepository } from '../../core/users/user-repository.js';
import { newestFirst } from './newest-first.js';

export class InMemoryUserRepository implements UserRepository {
  private readonly users: User[] = [];

  async add(user: User): Promise<void> {
    const email = user.email.toLowerCase();
    if (this.users.some((taken) => taken.username === user.username)) {
      throw new ConflictError('username', `username "${user.username}" is already taken`);
    }
    if (this.users.some((taken) => taken.email.toLowerCase() === email)) {
      throw new ConflictError('email', `email "${user.email}" is already registered`);
    }
    this.users.push(user);
  }

  async list(query: PageQuery): Promise<User[]> {
    return newestFirst(this.users, query);
  }

  async findById(id: string): Promise<User | undefined> {
    return this.users.find((user) => user.id === id);
  }

  /** How many users are stored, for asserting that a rejected input wrote nothing. */
  get size(): number {
    return this.users.length;
  }
}
