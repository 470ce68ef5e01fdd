import { NotFoundError } from '../shared/not-found-error.js';
import type { PeopleRepository } from './people-repository.js';

export class DeletePerson {
  constructor(private readonly people: PeopleRepository) {}

  async execute(id: string): Promise<void> {
    if (!(await this.people.remove(id))) throw new NotFoundError('person', id);
  }
}
