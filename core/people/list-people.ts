import type { Page } from '../shared/page.js';
import { fetchPage, type PageRequest } from '../shared/pagination.js';
import type { Person } from './person.js';
import type { PeopleRepository } from './people-repository.js';

export class ListPeople {
  constructor(private readonly people: PeopleRepository) {}

  execute(request: PageRequest): Promise<Page<Person>> {
    return fetchPage(request, (query) => this.people.list(query));
  }
}
