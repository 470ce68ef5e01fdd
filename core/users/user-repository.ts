import type { PageQuery } from '../shared/page.js';
import type { User } from './user.js';

/** Port: where users are kept. */
export interface UserRepository {
  /**
   * Stores a new user; throws ConflictError naming `username` when that exact username is taken (RegisterUser
   * stores usernames lower-cased, so none differs from another only in case), or `email` when the email is
   * taken, ignoring case (emails are stored as given).
   */
  add(user: User): Promise<void>;
  /** Newest first, strictly after `query.after`, at most `query.limit` users. */
  list(query: PageQuery): Promise<User[]>;
  findById(id: string): Promise<User | undefined>;
}

export const USER_REPOSITORY = Symbol.for('tally.UserRepository');
