import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../adapters/cli/exit-codes.js';
import { PROCESS_VISITOR_SALT, runTallyProcess, type ServerProcess, startServerProcess } from '../operations/support/tally-process.js';
import { answeredAfter, answeredAt, report, slowest, startRegistrationsAndReads, statusCounts, until } from './support/load.js';
import { startProbes } from './support/probes.js';

/** What the embedded database fails on: its storage, since there is no connection to lose (STACK.md: PGlite). */
const WRITERS = 8;
const READERS = 4;
/** Long enough for the loss of the data directory to be seen (its lock is checked every second) and answered. */
const AFTER_LOSS_MS = 4_000;
/** No wait on a database here: every answer comes at once, whatever the embedded database does. */
const REQUEST_BOUND_MS = 5_000;

let dataDir: string | undefined;
let server: ServerProcess | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});


// Each case opens PGlite afresh, which takes seconds (far more on a loaded machine).
describe('the embedded database failing under a running tally', { timeout: 300_000 }, () => {
  it('answers 503 with Retry-After once its data directory is removed, keeps liveness, and turns unready', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tally-embedded-outage-'));
    server = await startServerProcess(['--migrate'], { TALLY_DATA_DIR: join(dataDir, 'data') });
    const origin = performance.now();
    const load = startRegistrationsAndReads(server.base, { writers: WRITERS, readers: READERS, prefix: 'embedded' }, origin);
    const probes = startProbes(server.base, origin);

    await until(() => load.answers.filter((answer) => answer.status === 201).length >= 50, 60_000, '50 registrations before the loss');
    const lostAt = load.now();
    // tally keeps writing while the directory goes: a file it creates in a directory already emptied fails that
    // directory's removal (ENOTEMPTY, seen once in CI), which `maxRetries` retries.
    await rm(join(dataDir, 'data'), { recursive: true, force: true, maxRetries: 10 });
    await new Promise((resolve) => setTimeout(resolve, AFTER_LOSS_MS));
    const answers = await load.stop();
    const probeAnswers = await probes.stop();
    const stopped = await server.stop();
    server = undefined;

    const afterLoss = answers.filter((answer) => answer.sentAt >= lostAt);
    const unavailable = answers.filter((answer) => answer.status === 503);
    const liveness = probeAnswers.filter((answer) => answer.path === '/-/healthy');
    const firstUnready = probeAnswers.find((answer) => answer.path === '/-/ready' && answer.status === 503 && answeredAfter(lostAt)(answer));
    const readinessAfterMs = firstUnready === undefined ? undefined : Math.round(answeredAt(firstUnready) - lostAt);
    report(`embedded database: its data directory removed under ${WRITERS} writers and ${READERS} readers`, {
      requests: answers.length,
      statuses: statusCounts(answers),
      'statuses of requests sent after the removal': statusCounts(afterLoss),
      'slowest answer (ms)': slowest(answers),
      'readiness 503 after (ms)': readinessAfterMs,
      'liveness statuses': statusCounts(liveness),
      'slowest liveness (ms)': slowest(liveness),
      'exit on SIGTERM': stopped.code,
      'problem detail': unavailable[0] && (JSON.parse(unavailable[0].body) as { detail: string }).detail,
    });

    expect(answers.filter((answer) => answer.status !== 503 && (answer.status === 0 || answer.status >= 500))).toEqual([]);
    expect(afterLoss.filter((answer) => answer.status === 503).length).toBeGreaterThan(0);
    for (const answer of unavailable) {
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
      expect(JSON.parse(answer.body)).toMatchObject({ status: 503, title: 'Service Unavailable' });
    }
    expect(slowest(answers)).toBeLessThanOrEqual(REQUEST_BOUND_MS);
    expect(readinessAfterMs).toBeDefined();
    expect(readinessAfterMs).toBeLessThanOrEqual(2_000);
    expect(statusCounts(liveness)).toEqual({ 200: liveness.length });
    // It stops cleanly, without waiting on a database that is gone.
    expect(stopped.code).toBe(0);
  });

  it('makes a CLI command exit 7 with a message that says so when a file of the database is lost', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tally-embedded-outage-'));
    const env = { TALLY_DATA_DIR: join(dataDir, 'data'), VISITOR_SALT: PROCESS_VISITOR_SALT };
    const registered = await runTallyProcess(['users', 'register', '--username', 'ada', '--email', 'ada@example.com'], env);
    expect(registered.code).toBe(EXIT.ok);
    // The users' table file, looked up as PostgreSQL itself names it, then removed as a failing disk would lose it.
    const pglite = await PGlite.create(join(dataDir, 'data', 'pgdata'));
    const [row] = (await pglite.query<{ path: string }>(`select pg_relation_filepath('user_account') as path`)).rows;
    await pglite.close();
    await rm(join(dataDir, 'data', 'pgdata', (row as { path: string }).path));

    const run = await runTallyProcess(['users', 'list'], env);
    report('tally users list on an embedded database that lost the file of its users table', { exit: run.code, stderr: run.stderr.trim() });

    expect(run).toMatchObject({ code: EXIT.unavailable, stderr: 'tally: the database is unavailable: it cannot read or write its files\n' });
  });
});
