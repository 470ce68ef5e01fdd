import { NotFoundError } from '../shared/not-found-error.js';
import { ValidationError } from '../shared/validation-error.js';
import type { Person } from './person.js';
import { applyPersonChanges, type PersonChanges } from './person-changes.js';
import { checkPerson, toPersonDetails } from './person-rules.js';
import type { PeopleRepository } from './people-repository.js';

/**
 * Changes some or all details of a person (JSON Merge Patch, see PersonChanges); every detail given is a full
 * replace. The id and createdAt stay. An unknown id is reported before anything about the changes, so a client
 * learns first that there is nothing to change. Only the details given are written: two clients changing
 * different details at once both keep their change.
 */
export class UpdatePerson {
  constructor(private readonly people: PeopleRepository) {}

  async execute(id: string, changes: PersonChanges): Promise<Person> {
    const current = await this.people.findById(id);
    if (current === undefined) throw new NotFoundError('person', id);
    const { candidate, changedFields, unknownFields } = applyPersonChanges(current, changes);
    const issues = [...unknownFields, ...checkPerson(candidate)];
    if (issues.length > 0) throw new ValidationError(issues);
    if (changedFields.length === 0) return current;
    const details = toPersonDetails(candidate);
    const changed = Object.fromEntries(changedFields.map((field) => [field, details[field]]));
    // Undefined when the person was deleted since it was read.
    const person = await this.people.update(id, changed);
    if (person === undefined) throw new NotFoundError('person', id);
    return person;
  }
}
