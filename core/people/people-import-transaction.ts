import type { Person } from './person.js';

/** A person an import creates: all of one import share its creation time, so that travels once per batch. */
export type ImportedPerson = Omit<Person, 'createdAt'>;

/** Writes one batch of new people, each created at `createdAt`; called many times within one transaction. */
export interface PersonBatchWriter {
  insertBatch(people: readonly ImportedPerson[], createdAt: Date): Promise<void>;
}

/** Port: an all-or-nothing write of more people than fit in memory at once. */
export interface PeopleImportTransaction {
  /** Runs `work` in one transaction: committed when `work` resolves, rolled back — every batch — when it throws. */
  run<T>(work: (writer: PersonBatchWriter) => Promise<T>): Promise<T>;
}

export const PEOPLE_IMPORT_TRANSACTION = Symbol.for('tally.PeopleImportTransaction');
