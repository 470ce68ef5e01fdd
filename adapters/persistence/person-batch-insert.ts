import { type Kysely, sql } from 'kysely';
import type { ImportedPerson } from '../../core/people/people-import-transaction.js';

/**
 * The embedded database's import write (a server takes the rows as a COPY instead, which PGlite cannot stream).
 *
 * Inserts one batch in one statement: each column travels as one bind parameter holding a PostgreSQL array
 * literal, `unnest` turns the arrays back into rows, and the batch's one creation time is a single scalar.
 * The statement text stays a few hundred bytes however large the batch, and no value is inlined into SQL that
 * the server would have to parse.
 *
 * `connection` must be the import transaction's own Kysely transaction (on the embedded database any other
 * connection waits for it forever).
 */
export async function insertPeopleBatch(
  connection: Kysely<unknown>,
  people: readonly ImportedPerson[],
  createdAt: Date,
): Promise<void> {
  const plain = (pick: (person: ImportedPerson) => string | number | boolean) => plainArray(people.map(pick));
  const text = (pick: (person: ImportedPerson) => string) => textArray(people.map(pick));
  await sql`
    insert into person (id, survived, passenger_class, name, sex, age, siblings_or_spouses_aboard,
                        parents_or_children_aboard, fare, created_at)
    select *, ${createdAt}::timestamptz
    from unnest(${plain((person) => person.id)}::uuid[],
                ${plain((person) => person.survived)}::boolean[],
                ${plain((person) => person.passengerClass)}::smallint[],
                ${text((person) => person.name)}::text[],
                ${text((person) => person.sex)}::text[],
                ${plain((person) => person.age)}::double precision[],
                ${plain((person) => person.siblingsOrSpousesAboard)}::integer[],
                ${plain((person) => person.parentsOrChildrenAboard)}::integer[],
                ${plain((person) => person.fare)}::double precision[])`.execute(connection);
}

/*
 * The array literals are written here rather than handing pg JavaScript arrays: pg quotes and escapes every
 * element through a chain of small strings, which took more time than the rest of the insert. Numbers,
 * booleans and uuids contain nothing an array literal treats specially, so they go unquoted.
 */

function plainArray(values: readonly (string | number | boolean)[]): string {
  return `{${values.join(',')}}`;
}

/** Every element double-quoted, so commas, braces, spaces and the word NULL stay plain text. */
function textArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${needsEscape.test(value) ? value.replaceAll(escapable, '\\$&') : value}"`).join(',')}}`;
}

/** Inside a quoted element only a backslash and a double quote need a backslash before them. */
const needsEscape = /[\\"]/;
const escapable = /[\\"]/g;
