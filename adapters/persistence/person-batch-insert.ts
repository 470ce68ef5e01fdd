import type { SqlEntityManager } from '@mikro-orm/postgresql';
import type { Person } from '../../core/people/person.js';

/**
 * One statement per batch: each column travels as one PostgreSQL array literal and `unnest` turns the arrays
 * back into rows. MikroORM inlines parameters into the SQL text, so thousands of rows cost one parameter per
 * column instead of one per value, and the server parses one short statement.
 */
const insertSql = `
  insert into person (id, survived, passenger_class, name, sex, age, siblings_or_spouses_aboard,
                      parents_or_children_aboard, fare, created_at)
  select * from unnest(?::uuid[], ?::boolean[], ?::smallint[], ?::text[], ?::text[], ?::double precision[],
                       ?::integer[], ?::integer[], ?::double precision[], ?::timestamptz[])`;

/** `{…}` with every element double-quoted, so commas, braces, quotes and the word NULL stay plain text. */
function textArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}

/** Numbers, booleans, uuids and ISO timestamps contain nothing an array literal treats specially: no quotes. */
function plainArray(values: readonly (number | boolean | string)[]): string {
  return `{${values.join(',')}}`;
}

/** Inserts the batch with `em`, which must be the import transaction's own EntityManager. */
export async function insertPeopleBatch(em: SqlEntityManager, people: readonly Person[]): Promise<void> {
  const plain = (pick: (person: Person) => number | boolean | string) => plainArray(people.map(pick));
  const text = (pick: (person: Person) => string) => textArray(people.map(pick));
  await em.execute(
    insertSql,
    [
      plain((person) => person.id),
      plain((person) => person.survived),
      plain((person) => person.passengerClass),
      text((person) => person.name),
      text((person) => person.sex),
      plain((person) => person.age),
      plain((person) => person.siblingsOrSpousesAboard),
      plain((person) => person.parentsOrChildrenAboard),
      plain((person) => person.fare),
      plain((person) => person.createdAt.toISOString()),
    ],
    'run',
  );
}
