import { NotFoundError } from '../shared/not-found-error.js';
import type { User } from './user.js';
import type { UserRepository } from './user-repository.js';

export class GetUser {
  constructor(private readonly users: UserRepository) {}

  async execute(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (user === undefined) throw new NotFoundError('user', id);
    return user;
  }
}
