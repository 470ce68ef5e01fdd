import { NotFoundError } from '../shared/not-found-error.js';
import type { Person } from './person.js';
import type { PeopleRepository } from './people-repository.js';

export class GetPerson {
  constructor(private readonly people: PeopleRepository) {}

  async execute(id: string): Promise<Person> {
    const person = await this.people.findById(id);
    if (person === undefined) throw new NotFoundError('person', id);
    return person;
  }
}
