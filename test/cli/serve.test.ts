import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../adapters/cli/cli.js';
import { EXIT } from '../../adapters/cli/exit-codes.js';
import { createCliServices } from '../../composition/cli-services.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { freePort, waitForStatus } from './free-port.js';
import { TEST_VISITOR_SALT } from './run-tally.js';

let testDatabase: TestDatabase;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
});

afterAll(async () => {
  await testDatabase?.drop();
});

/**
 * Starts `tally serve` in this process and answers its base URL, the pending exit code, and a way to deliver
 * SIGTERM to the server's own handler alone (a real signal would reach the test runner too).
 */
async function serve(args: string[]) {
  const port = await freePort();
  const before = new Set(process.listeners('SIGTERM'));
  const exitCode = runCli(
    ['serve', ...args],
    createCliServices({
      DATABASE_URL: testDatabase.url,
      VISITOR_SALT: TEST_VISITOR_SALT,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'silent',
    }),
  );
  const base = `http://127.0.0.1:${port}`;
  await waitForStatus(`${base}/-/healthy`, 200, 30_000);
  const sigterm = () => {
    const added = process.listeners('SIGTERM').filter((listener) => !before.has(listener));
    expect(added).toHaveLength(1);
    (added[0] as (signal: NodeJS.Signals) => void)('SIGTERM');
  };
  return { base, exitCode, sigterm };
}

describe('tally serve (in process)', () => {
  it('without --migrate on a server database stays unready while migrations are pending', async () => {
    const server = await serve([]);
    const ready = await fetch(`${server.base}/-/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ reason: expect.stringMatching(/^migrations pending: Migration20261125000000InitialSchema/) });

    server.sigterm();
    await expect(server.exitCode).resolves.toBe(EXIT.ok);
  });

  it('with --migrate becomes ready, serves, and exits 0 on SIGTERM after refusing readiness', async () => {
    const server = await serve(['--migrate']);
    await waitForStatus(`${server.base}/-/ready`, 200, 30_000);

    const home = await fetch(`${server.base}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/text\/html/);

    const stats = await fetch(`${server.base}/stats`);
    expect(await stats.json()).toMatchObject({ totalVisits: 1, uniqueVisitors: 1 });

    server.sigterm();
    await expect(server.exitCode).resolves.toBe(EXIT.ok);
    await expect(fetch(`${server.base}/-/healthy`)).rejects.toThrow();
  });
});

describe('tally serve on a port that is taken', () => {
  it('fails with a non-zero exit naming the address, and closes the database it opened', async () => {
    const blocker = createServer();
    await new Promise<void>((listening) => blocker.listen(0, '127.0.0.1', listening));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const code = await runCli(
        ['serve'],
        createCliServices({
          DATABASE_URL: testDatabase.url,
          VISITOR_SALT: TEST_VISITOR_SALT,
          HOST: '127.0.0.1',
          PORT: String(port),
          LOG_LEVEL: 'silent',
        }),
      );
      expect(code).not.toBe(EXIT.ok);
      expect(stderr.mock.calls.map(([chunk]) => String(chunk)).join('')).toMatch(/EADDRINUSE/);
    } finally {
      stderr.mockRestore();
      await new Promise((closed) => blocker.close(closed));
    }
  });
});
