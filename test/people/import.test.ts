import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../adapters/cli/exit-codes.js';
import { runTally, TEST_VISITOR_SALT } from '../cli/run-tally.js';
import { BUILT_TALLY } from '../support/built-tally.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const HEADER = 'Survived,Pclass,Name,Sex,Age,Siblings/Spouses Aboard,Parents/Children Aboard,Fare';
const MAIN = BUILT_TALLY;

let testDatabase: TestDatabase;
let env: NodeJS.ProcessEnv;
const dir = mkdtempSync(join(tmpdir(), 'tally-import-'));

async function query<R extends pg.QueryResultRow>(text: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: testDatabase.url });
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}
const count = async () => Number((await query<{ n: string }>('select count(*)::text as n from person'))[0]?.n);

function csvFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  env = { DATABASE_URL: testDatabase.url, VISITOR_SALT: TEST_VISITOR_SALT };
  expect((await runTally(['db', 'migrate'], env)).code).toBe(EXIT.ok);
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await testDatabase?.drop();
});
beforeEach(async () => {
  await query('delete from person');
});

describe('tally people import', () => {
  it('imports exactly the rows of the sample file', async () => {
    const run = await runTally(['people', 'import', 'data/titanic-sample.csv', '--json'], env);
    expect(run.code).toBe(EXIT.ok);
    expect(JSON.parse(run.stdout)).toEqual({ rowsRead: 41, imported: 41, dryRun: false });
    expect(await count()).toBe(41);
    const [cumings] = await query<{ name: string; age: number; fare: number; survived: boolean; passenger_class: number }>(
      "select * from person where name like 'Cumings%'",
    );
    expect(cumings).toMatchObject({ name: 'Cumings, Mrs. John Bradley (Florence Briggs Thayer)', age: 38, fare: 71.2833, survived: true, passenger_class: 1 });
  });

  it('reads a BOM, CRLF line ends, quoted commas and quotes, and no trailing newline', async () => {
    const file = csvFile(
      'crlf.csv',
      `\uFEFF${HEADER}\r\n1,1,"Cumings, Mrs. John ""Jack""",female,38,1,0,71.2833\r\n0,3,Mr. Owen Harris Braund,male,22,1,0,7.25`,
    );
    expect((await runTally(['people', 'import', file], env)).code).toBe(EXIT.ok);
    expect((await query<{ name: string }>('select name from person order by name')).map((row) => row.name)).toEqual([
      'Cumings, Mrs. John "Jack"',
      'Mr. Owen Harris Braund',
    ]);
  });

  it('one bad row in the middle imports nothing, exits 4 and names that line and column', async () => {
    const good = '0,3,Mr. A,male,22,1,0,7.25\n';
    const file = csvFile('bad.csv', `${HEADER}\n${good.repeat(3)}1,2,Mrs. B,female,twenty,0,0,10\n${good.repeat(3)}`);
    const run = await runTally(['people', 'import', file], env);
    expect(run.code).toBe(EXIT.invalidInput);
    expect(run.stderr).toContain('1 of 7 rows are not valid; nothing was imported');
    expect(run.stderr).toMatch(/^ {2}line 5, Age: must be a number, not "twenty"$/m);
    expect(await count()).toBe(0);
  });

  it('--json lists every bad line with its line and column', async () => {
    const file = csvFile('bad2.csv', `${HEADER}\n2,1,A,male,1,0,0,1\n1,1,B,martian,1,0,0,1\n1,1,C,male,1\n`);
    const run = await runTally(['people', 'import', file, '--json'], env);
    expect(run.code).toBe(EXIT.invalidInput);
    expect(JSON.parse(run.stderr).errors).toEqual([
      expect.objectContaining({ line: 2, column: 'Survived' }),
      expect.objectContaining({ line: 3, column: 'Sex', message: 'must be one of male, female, other' }),
      expect.objectContaining({ line: 4, message: 'has 5 fields; the header has 8' }),
    ]);
  });

  it('a wrong header is a clear error and writes nothing', async () => {
    const run = await runTally(['people', 'import', csvFile('header.csv', 'survived,pclass\n1,1\n')], env);
    expect(run.code).toBe(EXIT.invalidInput);
    expect(run.stderr).toContain(`the header must be exactly "${HEADER}"`);
  });

  it('--dry-run validates and writes nothing', async () => {
    const run = await runTally(['people', 'import', 'data/titanic-sample.csv', '--dry-run', '--json'], env);
    expect(run.code).toBe(EXIT.ok);
    expect(JSON.parse(run.stdout)).toEqual({ rowsRead: 41, imported: 0, dryRun: true });
    expect(await count()).toBe(0);
  });

  it('an import killed midway leaves the table as it was', async () => {
    await runTally(['people', 'import', 'data/titanic-sample.csv'], env);
    const file = join(dir, 'large.csv');
    const out = createWriteStream(file);
    out.write(`${HEADER}\n`);
    for (let i = 0; i < 300_000; i += 1) {
      if (!out.write(`1,2,"Person, Number ${i}",female,30,0,0,12.5\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');

    const child = spawn(process.execPath, [MAIN, 'people', 'import', file, '--json'], { env: { ...process.env, ...env }, stdio: 'ignore' });
    // Kill once rows are being written inside the transaction: its COPY shows in pg_stat_activity.
    for (let waited = 0; waited < 30_000; waited += 50) {
      const [row] = await query<{ n: string }>(
        "select count(*)::text as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and query like 'copy person%'",
      );
      if (Number(row?.n) > 0) break;
      await sleep(50);
    }
    expect(child.exitCode).toBeNull();
    child.kill('SIGKILL');
    await once(child, 'exit');
    await sleep(200);
    expect(await count()).toBe(41);
  });
});
