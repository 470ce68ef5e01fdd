import { describe, expect, it } from 'vitest';
import { type IMPORT_LIMITS, ImportPeople, type ImportRow } from '../../../core/people/import-people.js';
import { ImportRejectedError } from '../../../core/people/import-rejected-error.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { InMemoryPeopleRepository } from '../../fakes/in-memory-people-repository.js';
import { SequentialIdGenerator } from '../../fakes/sequential-id-generator.js';
import { braund } from './person-fixtures.js';

async function* rowsOf(rows: readonly ImportRow[]): AsyncGenerator<ImportRow> {
  yield* rows;
}

function validRows(count: number, firstLine = 2): ImportRow[] {
  return Array.from({ length: count }, (_, index) => ({ line: firstLine + index, values: { ...braund, name: `p${index}` } }));
}

const limits = { batchSize: 3, reportLimit: 4 } as unknown as typeof IMPORT_LIMITS;

function setUp() {
  const people = new InMemoryPeopleRepository();
  const importPeople = new ImportPeople(people, new SequentialIdGenerator(), new FixedClock(), limits);
  return { people, importPeople };
}

describe('ImportPeople', () => {
  it('imports every valid row, in batches no larger than the batch size', async () => {
    const { people, importPeople } = setUp();
    const summary = await importPeople.execute(rowsOf(validRows(7)));
    expect(summary).toEqual({ rowsRead: 7, imported: 7, dryRun: false });
    expect(people.all.map((person) => person.name)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    expect(people.batchSizes).toEqual([3, 3, 1]);
  });

  it('rejects the whole import when one row in the middle is bad, naming its line and field', async () => {
    const { people, importPeople } = setUp();
    const rows = validRows(9);
    rows[4] = { line: 6, values: { ...braund, age: -3 } };
    const error: unknown = await importPeople.execute(rowsOf(rows)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImportRejectedError);
    expect(error).toMatchObject({ badLines: 1, rowsRead: 9, lineIssues: [{ line: 6, field: 'age' }] });
    expect(people.all).toEqual([]);
  });

  it('refuses a name over 100 characters, the same limit as the API', async () => {
    const { people, importPeople } = setUp();
    const rows = [...validRows(2), { line: 4, values: { ...braund, name: 'n'.repeat(101) } }];
    const error: unknown = await importPeople.execute(rowsOf(rows)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ lineIssues: [{ line: 4, field: 'name', message: 'must be at most 100 characters' }] });
    expect(people.all).toEqual([]);
  });

  it('reports what the source found and what core found, every bad line, up to the report limit', async () => {
    const { importPeople } = setUp();
    const rows: ImportRow[] = [
      { line: 2, values: { ...braund, age: undefined }, issues: [{ field: 'age', message: 'must be a number, not "x"' }] },
      { line: 3, issues: [{ field: 'row', message: 'has 7 fields' }] },
      { line: 4, values: { ...braund, sex: 'unknown', passengerClass: 0 } },
      ...validRows(2, 5),
      { line: 7, values: { ...braund, fare: -1 } },
    ];
    const error = (await importPeople.execute(rowsOf(rows)).catch((caught: unknown) => caught)) as ImportRejectedError;
    expect(error.lineIssues).toEqual([
      { line: 2, field: 'age', message: 'must be a number, not "x"' },
      { line: 3, field: 'row', message: 'has 7 fields' },
      { line: 4, field: 'passengerClass', message: 'must be 1, 2 or 3' },
      { line: 4, field: 'sex', message: 'must be one of male, female, other' },
    ]);
    expect(error.badLines).toBe(4);
    expect(error.message).toBe('4 of 6 rows are not valid; nothing was imported');
  });

  it('a dry run validates every row and writes nothing', async () => {
    const { people, importPeople } = setUp();
    expect(await importPeople.execute(rowsOf(validRows(5)), { dryRun: true })).toEqual({
      rowsRead: 5,
      imported: 0,
      dryRun: true,
    });
    expect(people.all).toEqual([]);
    expect(people.batchSizes).toEqual([]);
  });

  it('holds no more than two batches of rows at a time, however long the input', async () => {
    const { people, importPeople } = setUp();
    let read = 0;
    let maxAhead = 0;
    async function* counting(): AsyncGenerator<ImportRow> {
      for (const row of validRows(100)) {
        read += 1;
        const written = people.batchSizes.reduce((sum, size) => sum + size, 0);
        maxAhead = Math.max(maxAhead, read - written);
        yield row;
      }
    }
    await importPeople.execute(counting());
    expect(people.all).toHaveLength(100);
    expect(maxAhead).toBeLessThanOrEqual(2 * limits.batchSize + 1);
  });
});
