import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../adapters/cli/exit-codes.js';
import { migrations } from '../../migrations/index.js';
import { runTally } from './run-tally.js';

const ALL = migrations.map((migration) => migration.name);

/** The db commands on the embedded database, which opening must not migrate behind their backs. */
let dataDir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tally-embedded-db-'));
  env = { TALLY_DATA_DIR: join(dataDir, 'data') };
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

// In order: a fresh data directory, then migrated, then up to date.
// Each command opens PGlite afresh (1.5–2.6 s when the machine is idle, far more under load).
describe('tally db on the embedded database', { timeout: 300_000 }, () => {
  it('db status on a fresh data directory exits 8 and names every migration as pending', async () => {
    const run = await runTally(['db', 'status'], env);
    expect(run).toEqual({
      code: EXIT.migrationsPending,
      stdout: ALL.map((name) => `pending ${name}\n`).join(''),
      stderr: `tally: ${ALL.length} migration(s) pending\n`,
    });
  });

  it('db migrate then reports each migration it applied', async () => {
    const run = await runTally(['db', 'migrate', '--json'], env);
    expect(run.code).toBe(EXIT.ok);
    expect(JSON.parse(run.stdout)).toEqual({ applied: ALL });
  });

  it('db status is then up to date, and db migrate has nothing left to do', async () => {
    expect(await runTally(['db', 'status'], env)).toEqual({ code: EXIT.ok, stdout: 'schema is up to date\n', stderr: '' });
    expect(await runTally(['db', 'migrate'], env)).toMatchObject({ code: EXIT.ok, stdout: 'no pending migrations\n' });
  });

  it('a command that needs the schema still brings a fresh embedded database up to date by itself', async () => {
    const fresh = { TALLY_DATA_DIR: join(dataDir, 'fresh') };
    const run = await runTally(['users', 'register', '--username', 'alice', '--email', 'alice@example.com'], fresh);
    expect(run.code).toBe(EXIT.ok);
    expect(await runTally(['db', 'status'], fresh)).toMatchObject({ code: EXIT.ok, stdout: 'schema is up to date\n' });
  });
});
