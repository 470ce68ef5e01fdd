import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readPeopleCsv } from '../../adapters/cli/people-csv.js';
import { Database } from '../../adapters/persistence/database.js';
import { MikroOrmPeopleImportTransaction } from '../../adapters/persistence/mikro-orm-people-import-transaction.js';
import { SystemClock } from '../../adapters/system/system-clock.js';
import { UuidV7IdGenerator } from '../../adapters/system/uuid-v7-id-generator.js';
import { ImportPeople } from '../../core/people/import-people.js';
import { ImportRejectedError } from '../../core/people/import-rejected-error.js';

// PGlite takes seconds to initialise a data directory.
vi.setConfig({ testTimeout: 120_000 });

const HEADER = 'Survived,Pclass,Name,Sex,Age,Siblings/Spouses Aboard,Parents/Children Aboard,Fare';

/** The import's batches go through the transaction's own Kysely connection: on PGlite any other would hang. */
describe('tally people import on the embedded database', () => {
  let dataDir: string;
  let database: Database;

  const importFrom = (input: Readable) =>
    new ImportPeople(new MikroOrmPeopleImportTransaction(database.em), new UuidV7IdGenerator(), new SystemClock()).execute(
      readPeopleCsv(input),
    );
  const people = () =>
    database.em.execute<{ name: string; fare: number }[]>('select name, fare from person order by id');

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tally-embedded-import-'));
    database = await Database.open({ kind: 'embedded', dataDir });
    await database.migrate();
  });

  afterAll(async () => {
    await database?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('imports exactly the rows of the sample file, in file order', async () => {
    await expect(importFrom(createReadStream('data/titanic-sample.csv'))).resolves.toEqual({
      rowsRead: 41,
      imported: 41,
      dryRun: false,
    });
    const rows = await people();
    expect(rows).toHaveLength(41);
    expect(rows).toContainEqual({ name: 'Cumings, Mrs. John Bradley (Florence Briggs Thayer)', fare: 71.2833 });
  });

  it('keeps quotes, backslashes and braces in names as written', async () => {
    const names = ['O"Brien, Mr. {Pat}', 'Back\\slash, Mr. NULL'];
    const csv = `${HEADER}\n${names.map((name) => `1,2,"${name.replaceAll('"', '""')}",male,30,0,0,10`).join('\n')}\n`;
    await importFrom(Readable.from([csv]));
    expect((await people()).slice(-2).map((row) => row.name)).toEqual(names);
  });

  it('rolls every batch back when a later row is bad', async () => {
    const before = (await people()).length;
    const good = '0,3,Mr. A,male,22,1,0,7.25\n';
    // More rows than one batch, so batches are written before the bad row is read.
    const csv = `${HEADER}\n${good.repeat(6000)}0,3,Mr. B,male,old,1,0,7.25\n`;
    await expect(importFrom(Readable.from([csv]))).rejects.toBeInstanceOf(ImportRejectedError);
    expect(await people()).toHaveLength(before);
  });
});
