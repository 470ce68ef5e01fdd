import { NotFoundError } from '../shared/not-found-error.js';
import { ValidationError } from '../shared/validation-error.js';
import type { Person, PersonDetails } from './person.js';
import { checkPerson, toPersonDetails } from './person-rules.js';
import type { PeopleRepository } from './people-repository.js';

/** A full replace: every detail is required and overwritten; the id and createdAt stay. */
export class UpdatePerson {
  constructor(private readonly people: PeopleRepository) {}

  async execute(id: string, input: PersonDetails): Promise<Person> {
    const issues = checkPerson(input);
    if (issues.length > 0) throw new ValidationError(issues);
    const person = await this.people.replace(id, toPersonDetails(input));
    if (person === undefined) throw new NotFoundError('person', id);
    return person;
  }
}
