import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { slowPost } from './support/slow-request.js';
import { startServerProcess } from './support/tally-process.js';

/** Graceful shutdown of a real `tally serve` process (the built `tally`) on a real PostgreSQL. */
let testDatabase: TestDatabase;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
});

afterAll(async () => {
  await testDatabase?.drop();
});

const isIncomingRequest = (path: string) => (line: Record<string, unknown>) =>
  line.msg === 'incoming request' && (line.req as { url?: string } | undefined)?.url === path;

async function connectionRefused(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return false;
  } catch (error) {
    return ((error as Error & { cause?: { code?: string } }).cause?.code ?? '') === 'ECONNREFUSED';
  }
}

describe('tally serve on SIGTERM', () => {
  it('lets 50 in-flight requests finish, refuses new connections, closes the database and exits 0', async () => {
    // debug: a request's arrival is logged at debug level (request-log.ts).
    const server = await startServerProcess(['--migrate'], { DATABASE_URL: testDatabase.url, LOG_LEVEL: 'debug' });
    const requests = Array.from({ length: 50 }, (_, index) =>
      slowPost(server.base, '/visits', JSON.stringify({ visitor: `visitor-${index}` })),
    );
    // Every request has reached the server (it logs each as it starts, before its body is read) and none is done.
    await server.waitForLog(isIncomingRequest('/visits'), 50);

    server.child.kill('SIGTERM');
    await server.waitForLog((line) => line.msg === 'shutting down');
    await expect.poll(() => connectionRefused(`${server.base}/-/healthy`), { timeout: 5_000 }).toBe(true);
    for (const slow of requests) slow.finish();

    const responses = await Promise.all(requests.map((slow) => slow.response));
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(201));
    const run = await server.exited;
    expect(run.code).toBe(0);
    expect(server.logLines().some((line) => line.msg === 'shut down cleanly')).toBe(true);
  });

  it('answers readiness 503 "shutting down" during the drain period while liveness stays 200', async () => {
    const server = await startServerProcess(['--migrate'], {
      DATABASE_URL: testDatabase.url,
      LOG_LEVEL: 'info',
      SHUTDOWN_DRAIN_SECONDS: '2',
    });
    expect((await fetch(`${server.base}/-/ready`)).status).toBe(200);

    server.child.kill('SIGTERM');
    await server.waitForLog((line) => line.msg === 'shutting down');
    const ready = await fetch(`${server.base}/-/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ reason: 'shutting down' });
    expect((await fetch(`${server.base}/-/healthy`)).status).toBe(200);

    expect((await server.exited).code).toBe(0);
  });

  it('cuts a request that outlasts SHUTDOWN_GRACE_SECONDS and exits non-zero instead of hanging', async () => {
    const server = await startServerProcess(['--migrate'], {
      DATABASE_URL: testDatabase.url,
      LOG_LEVEL: 'debug',
      SHUTDOWN_GRACE_SECONDS: '1',
    });
    const stuck = slowPost(server.base, '/visits', JSON.stringify({ visitor: 'never-finishes' }));
    stuck.response.catch(() => {});
    await server.waitForLog(isIncomingRequest('/visits'));
    server.child.kill('SIGTERM');
    const run = await server.exited;

    // The grace timer, not the stuck request, ended the process: its log line says so.
    expect(run.code).not.toBe(0);
    await expect(stuck.response).rejects.toThrow();
    expect(run.stdout).toMatch(/outlasted the 1000 ms grace period/);
  });
});
