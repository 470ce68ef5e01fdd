import type { PageQuery } from '../shared/page.js';
import type { User } from './user.js';

/** Port: where users are kept. */
export interface UserRepository {
  /** Stores a new user; throws ConflictError naming `username` or `email` when either is taken, ignoring case. */
  add(user: User): Promise<void>;
  /** Newest first, strictly after `query.after`, at most `query.limit` users. */
  list(query: PageQuery): Promise<User[]>;
  findById(id: string): Promise<User | undefined>;
}

export const USER_REPOSITORY = Symbol.for('tally.UserRepository');
