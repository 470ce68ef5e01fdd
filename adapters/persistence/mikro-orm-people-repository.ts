import { inject, injectable } from 'inversify';
import type { PeopleRepository } from '../../core/people/people-repository.js';
import type { PassengerClass, Person, PersonDetails, Sex } from '../../core/people/person.js';
import type { PageQuery } from '../../core/shared/page.js';
import { PersonEntity } from './entities/person-entity.js';
import { newestFirstPages } from './newest-first.js';
import { rowById } from './row-by-id.js';
import { isUuid } from './uuid-format.js';
import { SQL_STATEMENTS, type SqlStatements } from './sql-statements.js';

/** As the driver returns a row: double precision columns may come back as text. */
type PersonRow = Omit<Person, 'passengerClass' | 'sex' | 'age' | 'fare'> & {
  passengerClass: number;
  sex: string;
  age: number | string;
  fare: number | string;
};

/**
 * Single statements, outside the unit of work: each call is one round trip and keeps nothing in memory. Requests
 * for the same page are answered together (shared-reads.ts), so `list` must never be called inside a
 * transaction; no use case does.
 */
@injectable()
export class MikroOrmPeopleRepository implements PeopleRepository {
  private readonly pages: (query: PageQuery) => Promise<Person[]>;

  constructor(@inject(SQL_STATEMENTS) private readonly em: SqlStatements) {
    this.pages = newestFirstPages(this.em, PersonEntity, toPerson);
  }

  async add(person: Person): Promise<void> {
    await this.em.insert(PersonEntity, { ...person });
  }

  list(query: PageQuery): Promise<Person[]> {
    return this.pages(query);
  }

  async findById(id: string): Promise<Person | undefined> {
    const row = await rowById(this.em, PersonEntity, id);
    return row ? toPerson(row) : undefined;
  }

  /**
   * One `update … set <the details given> … returning`: the row is changed where it stands, so a concurrent
   * update of other details is kept, and the same statement tells whether the person existed and what is stored now.
   */
  async update(id: string, details: Partial<PersonDetails>): Promise<Person | undefined> {
    if (!isUuid(id)) return undefined;
    const rows = await this.em
      .createQueryBuilder(PersonEntity, 'p')
      .update({ ...details })
      .where({ id })
      .returning('*')
      .execute('all', true);
    const [row] = rows as unknown as PersonRow[];
    return row ? toPerson(row) : undefined;
  }

  async remove(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const deleted = await this.em.nativeDelete(PersonEntity, { id });
    return deleted > 0;
  }
}

function toPerson(row: PersonRow): Person {
  return {
    id: row.id,
    survived: row.survived,
    passengerClass: row.passengerClass as PassengerClass,
    name: row.name,
    sex: row.sex as Sex,
    age: Number(row.age),
    siblingsOrSpousesAboard: row.siblingsOrSpousesAboard,
    parentsOrChildrenAboard: row.parentsOrChildrenAboard,
    fare: Number(row.fare),
    createdAt: new Date(row.createdAt),
  };
}
