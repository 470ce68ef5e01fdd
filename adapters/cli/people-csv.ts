import type { Readable } from 'node:stream';
import { CsvError, type Options, parse } from 'csv-parse';
import type { ImportRow } from '../../core/people/import-people.js';
import type { PersonCandidate } from '../../core/people/person-rules.js';
import type { FieldIssue } from '../../core/shared/validation-error.js';

/** Text a column could not read, with the reason; any other value read is the field's typed value. */
class Unreadable {
  constructor(readonly issue: string) {}
}

/** The Titanic file's columns, in order, with the person field each fills and how its text is read. */
const COLUMNS = [
  { name: 'Survived', field: 'survived', read: readSurvived },
  { name: 'Pclass', field: 'passengerClass', read: readNumber },
  { name: 'Name', field: 'name', read: readText },
  { name: 'Sex', field: 'sex', read: readText },
  { name: 'Age', field: 'age', read: readNumber },
  { name: 'Siblings/Spouses Aboard', field: 'siblingsOrSpousesAboard', read: readNumber },
  { name: 'Parents/Children Aboard', field: 'parentsOrChildrenAboard', read: readNumber },
  { name: 'Fare', field: 'fare', read: readNumber },
] as const satisfies readonly { name: string; field: keyof PersonCandidate; read: (text: string) => unknown }[];

/**
 * The longest record the parser holds, in characters. A Titanic row is about 100; the cap is what stops one
 * unclosed quote from making the parser buffer the rest of a file of any size as a single field.
 */
export const MAX_RECORD_CHARACTERS = 16 * 1024;

export const PEOPLE_CSV_HEADER = COLUMNS.map((column) => column.name).join(',');

/** The CSV column a person field comes from, for naming it in a report; undefined for whole-row issues. */
export function columnOf(field: string): string | undefined {
  return COLUMNS.find((column) => column.field === field)?.name;
}

/** The file cannot be read as the Titanic CSV at all: a wrong header, an unclosed quote. */
export class PeopleCsvError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'PeopleCsvError';
  }
}

/**
 * Streams the rows of a Titanic-shaped CSV file (BOM, CRLF, quoted fields and a trailing newline allowed),
 * one record in memory at a time. Text becomes typed values here; text that is not what its column needs
 * becomes an issue on that line rather than a NaN that core would have to second-guess.
 *
 * Records are read as arrays and turned into rows in `on_record`, where the parser's counts still describe
 * the record at hand: `info: true` and `columns` would build two more objects per record, a cost that over a
 * million rows rivals the parsing itself.
 */
export async function* readPeopleCsv(input: Readable): AsyncGenerator<ImportRow> {
  let sawHeader = false;
  // The parser's own line count goes wrong on CRLF inside quotes, and it names a record by its last line.
  let breaksInEarlierRecords = 0;
  const options: Options<ImportRow, string[]> = {
    bom: true,
    skip_empty_lines: true,
    // Rows with too few or too many fields are reported per line instead of ending the whole parse.
    relax_column_count: true,
    max_record_size: MAX_RECORD_CHARACTERS,
    on_record: (record, context) => {
      // A record starts on the line after the previous one's end, skipped empty lines aside.
      const line = context.records + context.empty_lines + breaksInEarlierRecords;
      breaksInEarlierRecords += lineBreaksIn(record);
      if (sawHeader) return toRow(record, line, context.error);
      sawHeader = true;
      if (record.join(',') !== PEOPLE_CSV_HEADER) {
        throw new PeopleCsvError(`the header must be exactly "${PEOPLE_CSV_HEADER}", not "${record.join(',')}"`, 1);
      }
      return null;
    },
  };
  // The typings of parse() only let `on_record` change a record's type when `columns` is set.
  const parser = input.pipe(parse(options as unknown as Options));
  // A read error (a missing file) reaches the parser only through this; pipe() does not forward it.
  input.once('error', (error) => parser.destroy(error));
  try {
    yield* parser as AsyncIterable<ImportRow>;
  } catch (error) {
    if (error instanceof CsvError) throw new PeopleCsvError(csvErrorMessage(error), (error as { lines?: number }).lines);
    throw error;
  }
  if (!sawHeader) throw new PeopleCsvError(`the file is empty; it must start with the header "${PEOPLE_CSV_HEADER}"`);
}

function csvErrorMessage(error: CsvError): string {
  if (error.code !== 'CSV_MAX_RECORD_SIZE') return error.message;
  return `a record is longer than ${MAX_RECORD_CHARACTERS} characters; is a quote left unclosed?`;
}

function toRow(record: readonly string[], line: number, wrongFieldCount: CsvError | undefined): ImportRow {
  // The first row fixes the expected field count, and the header was checked to have the right one.
  if (wrongFieldCount) {
    return { line, issues: [{ field: 'row', message: `has ${record.length} fields; the header has ${COLUMNS.length}` }] };
  }
  const values: Record<string, unknown> = {};
  let issues: FieldIssue[] | undefined;
  for (let index = 0; index < COLUMNS.length; index += 1) {
    const column = COLUMNS[index]!;
    const value = column.read(record[index]!);
    if (value instanceof Unreadable) (issues ??= []).push({ field: column.field, message: value.issue });
    else values[column.field] = value;
  }
  return issues === undefined ? { line, values } : { line, values, issues };
}

/** Line breaks inside quoted fields: each moves the next record one line further down the file. */
function lineBreaksIn(record: readonly string[]): number {
  let breaks = 0;
  for (const field of record) {
    for (let at = field.indexOf('\n'); at !== -1; at = field.indexOf('\n', at + 1)) breaks += 1;
  }
  return breaks;
}

function readSurvived(text: string): boolean | Unreadable {
  if (text === '1') return true;
  if (text === '0') return false;
  return new Unreadable(`must be 0 or 1, not "${shorten(text)}"`);
}

/** Decimal notation only: Number() alone would also accept "", "0x1F" and "Infinity". */
const decimal = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function readNumber(text: string): number | Unreadable {
  const trimmed = text.trim();
  if (trimmed === '') return new Unreadable('is empty');
  if (!decimal.test(trimmed)) return new Unreadable(`must be a number, not "${shorten(text)}"`);
  return Number(trimmed);
}

function readText(text: string): string {
  return text;
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
