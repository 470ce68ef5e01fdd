import type { Clock } from '../shared/clock.js';
import type { IdGenerator } from '../shared/id-generator.js';
import { ValidationError } from '../shared/validation-error.js';
import type { Person, PersonDetails } from './person.js';
import { checkPerson, toPersonDetails } from './person-rules.js';
import type { PeopleRepository } from './people-repository.js';

export class CreatePerson {
  constructor(
    private readonly people: PeopleRepository,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async execute(input: PersonDetails): Promise<Person> {
    const issues = checkPerson(input);
    if (issues.length > 0) throw new ValidationError(issues);
    const person: Person = { id: this.ids.next(), ...toPersonDetails(input), createdAt: this.clock.now() };
    await this.people.add(person);
    return person;
  }
}
