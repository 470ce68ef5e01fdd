import type { PeopleImportTransaction, PersonBatchWriter } from '../../core/people/people-import-transaction.js';
import type { PeopleRepository } from '../../core/people/people-repository.js';
import type { Person, PersonDetails } from '../../core/people/person.js';
import type { PageQuery } from '../../core/shared/page.js';
import { newestFirst } from './newest-first.js';

/** People in memory; imports stage their batches and keep them only when the work completes, as a transaction would. */
export class InMemoryPeopleRepository implements PeopleRepository, PeopleImportTransaction {
  private people: Person[] = [];
  /** The size of every batch an import wrote, committed or not, for asserting on batching. */
  readonly batchSizes: number[] = [];

  async add(person: Person): Promise<void> {
    this.people.push(person);
  }

  async list(query: PageQuery): Promise<Person[]> {
    return newestFirst(this.people, query);
  }

  async findById(id: string): Promise<Person | undefined> {
    return this.people.find((person) => person.id === id);
  }

  async update(id: string, details: Partial<PersonDetails>): Promise<Person | undefined> {
    const index = this.people.findIndex((person) => person.id === id);
    const existing = this.people[index];
    if (existing === undefined) return undefined;
    const updated = { ...existing, ...details, id, createdAt: existing.createdAt };
    this.people[index] = updated;
    return updated;
  }

  async remove(id: string): Promise<boolean> {
    const before = this.people.length;
    this.people = this.people.filter((person) => person.id !== id);
    return this.people.length < before;
  }

  async run<T>(work: (writer: PersonBatchWriter) => Promise<T>): Promise<T> {
    const staged: Person[] = [];
    const result = await work({
      insertBatch: async (people, createdAt) => {
        this.batchSizes.push(people.length);
        staged.push(...people.map((person) => ({ ...person, createdAt })));
      },
    });
    this.people.push(...staged);
    return result;
  }

  /** Every stored person, in the order stored. */
  get all(): readonly Person[] {
    return [...this.people];
  }
}
