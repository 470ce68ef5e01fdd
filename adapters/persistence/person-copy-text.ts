import type { ImportedPerson } from '../../core/people/people-import-transaction.js';

/** The columns of `copy person (…) from stdin`, in the order `personCopyLines` writes each line's fields. */
export const PERSON_COPY_COLUMNS =
  'id, survived, passenger_class, name, sex, age, siblings_or_spouses_aboard, parents_or_children_aboard, fare, created_at';

/**
 * People as lines of COPY's text format: fields separated by a tab, each line ended by a newline, every person
 * created at `createdAt` (an ISO 8601 timestamp, which timestamptz reads as written). Numbers go as JavaScript
 * writes them — the shortest text that reads back as the same double, which float8 parses exactly, exponent
 * and all — and booleans as `t`/`f`. tally stores no nulls, so `\N` never appears.
 */
export function personCopyLines(people: readonly ImportedPerson[], createdAt: string): string {
  let text = '';
  for (const person of people) {
    text += `${person.id}\t${person.survived ? 't' : 'f'}\t${person.passengerClass}\t${copyText(person.name)}\t${copyText(person.sex)}\t${person.age}\t${person.siblingsOrSpousesAboard}\t${person.parentsOrChildrenAboard}\t${person.fare}\t${createdAt}\n`;
  }
  return text;
}

/**
 * In COPY's text format a backslash starts an escape, and a tab, newline or carriage return would end the field
 * or the line: each of the four is written as its backslash escape. Almost no name holds one, so the common
 * case is one regular expression test and no copy.
 */
function copyText(value: string): string {
  return needsEscape.test(value) ? value.replace(escapable, (character) => ESCAPES[character as keyof typeof ESCAPES]) : value;
}

const ESCAPES = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' } as const;
const needsEscape = /[\\\t\n\r]/;
const escapable = /[\\\t\n\r]/g;
