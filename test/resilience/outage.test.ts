import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../adapters/cli/exit-codes.js';
import { PROCESS_VISITOR_SALT, runTallyProcess } from '../operations/support/tally-process.js';
import { answeredAfter, answeredAt, report, slowest, startRegistrationsAndReads, statusCounts, until } from './support/load.js';
import type { ProxyMode } from './support/pausable-proxy.js';
import { startProbes } from './support/probes.js';
import { startTallyBehindProxy, type TallyBehindProxy } from './support/tally-behind-proxy.js';

/**
 * The longest a request may wait on a database that stopped answering, with the default timeouts: 1.5 s for a
 * connection, then 3 s for the statement and the client's half second beyond it (adapters/persistence).
 */
const REQUEST_BOUND_MS = 5_000;
const OUTAGE_MS = 8_000;
const WRITERS = 16;
const READERS = 4;

let running: TallyBehindProxy | undefined;

afterEach(async () => {
  await running?.close();
  running = undefined;
});


describe.each<Exclude<ProxyMode, 'forward'>>(['reset', 'partition'])('a database outage (%s) under load', (mode) => {
  it('answers 503 with Retry-After in bounded time, keeps liveness, and recovers by itself with no write lost', async () => {
    // Readiness gets 1 s per check, so that it turns 503 within 2 s of the outage however the probes fall.
    running = await startTallyBehindProxy({ READINESS_TIMEOUT_SECONDS: '1' });
    const { server, proxy } = running;
    const origin = performance.now();
    const load = startRegistrationsAndReads(server.base, { writers: WRITERS, readers: READERS, prefix: mode }, origin);
    const probes = startProbes(server.base, origin);
    const created = () => load.answers.filter((answer) => answer.status === 201);

    await until(() => created().length >= 50, 30_000, '50 registrations before the outage');
    const outageAt = load.now();
    proxy.setMode(mode);
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    const restoredAt = load.now();
    proxy.setMode('forward');
    await until(() => created().some(answeredAfter(restoredAt)), 30_000, 'a registration after the database returned');
    const recoveredAt = Math.min(...created().filter(answeredAfter(restoredAt)).map(answeredAt));
    // A second of normal traffic after recovery, to see it stays recovered.
    await until(() => load.now() > recoveredAt + 1_000, 5_000, 'a second after recovery');
    const answers = await load.stop();
    const probeAnswers = await probes.stop();

    const duringOutage = answers.filter((answer) => answeredAt(answer) > outageAt && answer.sentAt < restoredAt);
    const unavailable = answers.filter((answer) => answer.status === 503);
    const liveness = probeAnswers.filter((answer) => answer.path === '/-/healthy');
    const firstUnready = probeAnswers.find((answer) => answer.path === '/-/ready' && answer.status === 503 && answeredAfter(outageAt)(answer));
    const readinessAfterMs = firstUnready === undefined ? undefined : Math.round(answeredAt(firstUnready) - outageAt);
    const recoveryMs = Math.round(recoveredAt - restoredAt);
    const usernames = answers
      .filter((answer) => answer.status === 201)
      .map((answer) => (JSON.parse(answer.body) as { username: string }).username);
    const stored = await running.query<{ username: string }>('select username from user_account where username = any($1)', [usernames]);
    report(`database outage (${mode}) for ${OUTAGE_MS} ms under ${WRITERS} writers and ${READERS} readers`, {
      requests: answers.length,
      statuses: statusCounts(answers),
      'statuses during the outage': statusCounts(duringOutage),
      'slowest answer (ms)': slowest(answers),
      'readiness 503 after (ms)': readinessAfterMs,
      'liveness statuses': statusCounts(liveness),
      'slowest liveness (ms)': slowest(liveness),
      'recovery after the database returned (ms)': recoveryMs,
      'acknowledged registrations / found in the database': `${usernames.length} / ${stored.length}`,
    });

    expect(answers.filter((answer) => answer.status !== 503 && (answer.status === 0 || answer.status >= 500))).toEqual([]);
    expect(duringOutage.filter((answer) => answer.status === 503).length).toBeGreaterThan(0);
    for (const answer of unavailable) {
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
      expect(JSON.parse(answer.body)).toMatchObject({ status: 503, title: 'Service Unavailable' });
    }
    expect(slowest(answers)).toBeLessThanOrEqual(REQUEST_BOUND_MS + 1_000);
    expect(readinessAfterMs).toBeDefined();
    expect(readinessAfterMs).toBeLessThanOrEqual(2_000);
    expect(statusCounts(liveness)).toEqual({ 200: liveness.length });
    expect(recoveryMs).toBeLessThanOrEqual(2_000);
    expect(stored.length).toBe(usernames.length);
  });

  it('makes a CLI command exit 7 with a message that says so', async () => {
    running = await startTallyBehindProxy();
    running.proxy.setMode(mode);
    const startedAt = performance.now();
    const run = await runTallyProcess(['users', 'list'], { DATABASE_URL: running.proxiedUrl, VISITOR_SALT: PROCESS_VISITOR_SALT });
    const ms = Math.round(performance.now() - startedAt);
    report(`tally users list during a database outage (${mode})`, { exit: run.code, stderr: run.stderr.trim(), 'took (ms)': ms });

    expect(run.code).toBe(EXIT.unavailable);
    expect(run.stderr).toMatch(/^tally: the database is unavailable: .+\n$/);
    expect(run.stderr).not.toContain(running.proxiedUrl);
  });
});
