import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../adapters/cli/exit-codes.js';
import { migrations } from '../../migrations/index.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { runTally, TEST_VISITOR_SALT } from './run-tally.js';

const ALL = migrations.map((migration) => migration.name);
const UNREACHABLE_URL = 'postgres://postgres@127.0.0.1:1/x';

let testDatabase: TestDatabase;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  env = { DATABASE_URL: testDatabase.url, VISITOR_SALT: TEST_VISITOR_SALT };
});

afterAll(async () => {
  await testDatabase?.drop();
});

// In order: the database starts empty, is migrated, and is then up to date.
describe('tally db', () => {
  it('db status exits 8 and names each pending migration on a fresh database', async () => {
    const run = await runTally(['db', 'status'], env);
    expect(run.code).toBe(EXIT.migrationsPending);
    expect(run.stdout).toBe(ALL.map((name) => `pending ${name}\n`).join(''));
    expect(run.stdout).toContain('pending Migration20261125000000InitialSchema\n');
    expect(run.stderr).toBe(`tally: ${ALL.length} migration(s) pending\n`);
  });

  it('db status --json reports the pending list and the exit code', async () => {
    const run = await runTally(['db', 'status', '--json'], env);
    expect(run.code).toBe(EXIT.migrationsPending);
    expect(JSON.parse(run.stdout)).toEqual({ pending: ALL });
    expect(JSON.parse(run.stderr)).toEqual({ error: `${ALL.length} migration(s) pending`, exitCode: EXIT.migrationsPending });
  });

  it('a command that needs the schema does not migrate a server database by itself', async () => {
    const run = await runTally(['stats'], env);
    expect(run.code).not.toBe(EXIT.ok);
    // The statistics' first table is missing: the unmigrated schema, told as it is.
    expect(run.stderr).toMatch(/relation "visit_(total|counter)" does not exist/);
  });

  it('db migrate applies the pending migrations', async () => {
    const run = await runTally(['db', 'migrate'], env);
    expect(run).toMatchObject({ code: EXIT.ok, stdout: ALL.map((name) => `applied ${name}\n`).join('') });
  });

  it('db migrate again has nothing to do', async () => {
    const human = await runTally(['db', 'migrate'], env);
    expect(human).toMatchObject({ code: EXIT.ok, stdout: 'no pending migrations\n' });
    const json = await runTally(['db', 'migrate', '--json'], env);
    expect(json.code).toBe(EXIT.ok);
    expect(JSON.parse(json.stdout)).toEqual({ applied: [] });
  });

  it('db status exits 0 once the schema is up to date', async () => {
    const run = await runTally(['db', 'status'], env);
    expect(run).toEqual({ code: EXIT.ok, stdout: 'schema is up to date\n', stderr: '' });
  });

  it('db wait exits 0 at once when the database answers', async () => {
    const run = await runTally(['db', 'wait', '--timeout', '1', '--json'], env);
    expect(run.code).toBe(EXIT.ok);
    expect(JSON.parse(run.stdout)).toEqual({ ready: true, attempts: 1 });
    const human = await runTally(['db', 'wait', '--timeout', '1'], env);
    expect(human).toMatchObject({ code: EXIT.ok, stdout: 'database is ready (after 1 attempt(s))\n' });
  });

  it('db wait exits 7 after the timeout when the database does not answer', async () => {
    const started = Date.now();
    const run = await runTally(['db', 'wait', '--timeout', '1'], {
      DATABASE_URL: UNREACHABLE_URL,
      VISITOR_SALT: TEST_VISITOR_SALT,
    });
    const elapsed = Date.now() - started;
    expect(run.code).toBe(EXIT.unavailable);
    expect(run.stderr).toMatch(/^tally: database did not answer within 1s: .+/);
    // It retried until the deadline rather than failing on the first refusal, and stopped soon after it.
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(10_000);
  });

  it('db wait rejects a timeout that is not positive as a usage error', async () => {
    const run = await runTally(['db', 'wait', '--timeout', '0'], env);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toMatch(/--timeout must be a positive number/);
  });

  it('db without a subcommand is a usage error', async () => {
    const run = await runTally(['db'], env);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toMatch(/^tally: .+\nrun "tally --help" for usage\n$/);
  });
});
