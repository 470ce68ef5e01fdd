import type { Clock } from '../shared/clock.js';
import type { IdGenerator } from '../shared/id-generator.js';
import { ValidationError } from '../shared/validation-error.js';
import type { Person } from './person.js';
import { checkPerson, type NewPerson, toPersonDetails, withPersonDefaults } from './person-rules.js';
import type { PeopleRepository } from './people-repository.js';

export class CreatePerson {
  constructor(
    private readonly people: PeopleRepository,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async execute(input: NewPerson): Promise<Person> {
    const candidate = withPersonDefaults(input);
    const issues = checkPerson(candidate);
    if (issues.length > 0) throw new ValidationError(issues);
    const person: Person = { id: this.ids.next(), ...toPersonDetails(candidate), createdAt: this.clock.now() };
    await this.people.add(person);
    return person;
  }
}
