import type { PageQuery } from '../shared/page.js';
import type { Person, PersonDetails } from './person.js';

/** Port: where people are kept. */
export interface PeopleRepository {
  add(person: Person): Promise<void>;
  /** Newest first, strictly after `query.after`, at most `query.limit` people. */
  list(query: PageQuery): Promise<Person[]>;
  findById(id: string): Promise<Person | undefined>;
  /**
   * Sets the details given of the person with this id in one step, keeping the others as stored, so that
   * concurrent updates of different details all last; the person as stored now, or undefined if none has it.
   */
  update(id: string, details: Partial<PersonDetails>): Promise<Person | undefined>;
  /** Whether a person with this id existed (and now no longer does). */
  remove(id: string): Promise<boolean>;
}

export const PEOPLE_REPOSITORY = Symbol.for('tally.PeopleRepository');
