import type { Page } from '../shared/page.js';
import { fetchPage, type PageRequest } from '../shared/pagination.js';
import type { User } from './user.js';
import type { UserRepository } from './user-repository.js';

export class ListUsers {
  constructor(private readonly users: UserRepository) {}

  execute(request: PageRequest): Promise<Page<User>> {
    return fetchPage(request, (query) => this.users.list(query));
  }
}
