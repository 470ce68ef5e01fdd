import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CopyPeopleImportTransaction } from '../../adapters/persistence/copy-people-import-transaction.js';
import { personCopyLines } from '../../adapters/persistence/person-copy-text.js';
import type { ImportedPerson } from '../../core/people/people-import-transaction.js';
import { braund } from '../core/people/person-fixtures.js';
import { openTestDatabase, type OpenTestDatabase } from './open-test-database.js';

let db: OpenTestDatabase;
let transaction: CopyPeopleImportTransaction;

beforeAll(async () => {
  db = await openTestDatabase();
  transaction = new CopyPeopleImportTransaction(db.database);
});

afterAll(async () => {
  await db?.close();
});

beforeEach(async () => {
  await db.database.em.execute('delete from person');
});

const createdAt = new Date('2025-04-01T10:00:00.123Z');

function person(n: number, overrides: Partial<ImportedPerson> = {}): ImportedPerson {
  return { ...braund, id: `0190b000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`, ...overrides };
}

const stored = () =>
  db.database.em.execute<Record<string, unknown>[]>(
    'select id, survived, passenger_class, name, sex, age, siblings_or_spouses_aboard, parents_or_children_aboard, fare, ' +
      `to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at from person order by id`,
  );

describe('personCopyLines', () => {
  it('writes one tab-separated line per person and escapes what COPY text would read as syntax', () => {
    const text = personCopyLines([person(1, { name: 'a\\b\tc\nd\re' })], '2025-04-01T10:00:00.123Z');
    expect(text).toBe(
      '0190b000-0000-7000-8000-000000000001\tf\t3\ta\\\\b\\tc\\nd\\re\tmale\t22\t1\t0\t7.25\t2025-04-01T10:00:00.123Z\n',
    );
  });
});

describe('CopyPeopleImportTransaction on PostgreSQL', () => {
  it('stores every batch exactly as given: text as written, doubles to the last bit, one creation time', async () => {
    const people = [
      person(1, { name: 'Back\\slash, Mr. \\N', survived: true, passengerClass: 1, sex: 'female' }),
      person(2, { name: 'O"Brien, Mr. {Pat} NULL', age: 1e-7, fare: 0.1 }),
      person(3, { age: 149.99999999999997, fare: 999_999.9999, siblingsOrSpousesAboard: 100 }),
    ];
    await transaction.run(async (writer) => {
      await writer.insertBatch(people.slice(0, 2), createdAt);
      await writer.insertBatch(people.slice(2), createdAt);
    });
    expect(await stored()).toEqual(
      people.map((p) => ({
        id: p.id,
        survived: p.survived,
        passenger_class: p.passengerClass,
        name: p.name,
        sex: p.sex,
        age: p.age,
        siblings_or_spouses_aboard: p.siblingsOrSpousesAboard,
        parents_or_children_aboard: p.parentsOrChildrenAboard,
        fare: p.fare,
        created_at: createdAt.toISOString(),
      })),
    );
  });

  it('rolls back every written batch when the work throws, and the pool stays usable', async () => {
    const failure = new Error('a bad row');
    // More runs than the pool has connections: a connection left mid-COPY would exhaust it.
    for (let run = 0; run < 12; run += 1) {
      await expect(
        transaction.run(async (writer) => {
          await writer.insertBatch([person(1), person(2)], createdAt);
          throw failure;
        }),
      ).rejects.toBe(failure);
    }
    expect(await stored()).toEqual([]);
    await transaction.run((writer) => writer.insertBatch([person(3)], createdAt));
    expect((await stored()).map((row) => row.id)).toEqual([person(3).id]);
  });

  it("fails with the server's error, and stores nothing, when the server refuses a row", async () => {
    const error: unknown = await transaction
      .run(async (writer) => {
        await writer.insertBatch([person(1), person(2)], createdAt);
        await writer.insertBatch([person(1)], createdAt);
      })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: '23505' });
    expect(await stored()).toEqual([]);
  });

  it('keeps a line break inside its field: the table refuses the name, not a broken line', async () => {
    const error: unknown = await transaction
      .run((writer) => writer.insertBatch([person(1, { name: 'Two\nlines' })], createdAt))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: '23514', constraint: 'person_name_check' });
  });
});
