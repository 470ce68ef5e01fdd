import { createServer, type Server, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../adapters/http/app.js';
import { ShutdownState } from '../../adapters/http/shutdown-state.js';
import { loadConfig } from '../../composition/config.js';
import { createContainer } from '../../composition/container.js';
import { httpDependencies } from '../../composition/http-dependencies.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { TEST_ENVIRONMENT } from '../support/test-environment.js';

/** A "database" that accepts connections and never answers: what a hung or partitioned server looks like. */
async function startBlackHole(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('probes with a database that does not answer', () => {
  let blackHole: Awaited<ReturnType<typeof startBlackHole>>;
  let app: FastifyInstance;

  beforeAll(async () => {
    blackHole = await startBlackHole();
    const config = loadConfig({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${blackHole.port}/tally`,
      VISITOR_SALT: 'probe-visitor-salt-0123456789',
      LOG_LEVEL: 'silent',
      READINESS_TIMEOUT_SECONDS: '0.5',
      ...TEST_ENVIRONMENT,
    });
    app = await buildApp(httpDependencies(await createContainer(config), config, new ShutdownState()));
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    // Cutting the hung connections lets the pool's pending queries fail; the pool is not closed, it never opened.
    await blackHole?.close();
  });

  it('readiness answers 503 with the reason within READINESS_TIMEOUT_SECONDS instead of hanging', async () => {
    const startedAt = Date.now();
    const response = await app.inject({ method: 'GET', url: '/-/ready' });
    const elapsed = Date.now() - startedAt;

    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ reason: 'database does not answer: no answer within 500 ms' });
    // The deadline, not a driver error, ended the wait: the reason names it, and no less than it passed.
    expect(elapsed).toBeGreaterThanOrEqual(450);
  });

  it('/healthz is the same deep check', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ reason: expect.stringMatching(/^database does not answer/) });
  });

  it('liveness stays 200 at once: it never touches the database', async () => {
    const settled: string[] = [];
    const readiness = app.inject({ method: 'GET', url: '/-/ready' }).then((response) => (settled.push('ready'), response));
    const liveness = app.inject({ method: 'GET', url: '/-/healthy' }).then((response) => (settled.push('healthy'), response));

    const response = await liveness;
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({});
    // Answered while the readiness probe, sent first, still waits on the hung database.
    expect(settled).toEqual(['healthy']);
    expect((await readiness).statusCode).toBe(503);
  });

  it('/metrics still answers, without the database gauges it cannot read', async () => {
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('# TYPE http_requests_total counter');
  });
});

describe('probes with a database that answers', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(async () => {
    await testApp?.close();
  });

  it('readiness and /healthz answer 200 {} once migrated', async () => {
    for (const url of ['/-/ready', '/healthz']) {
      const response = await testApp.app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({});
    }
  });

  it('reads the migrations table until none is pending, then only pings the database', async () => {
    const pendingMigrations = vi.spyOn(testApp.database, 'pendingMigrations');
    const ping = vi.spyOn(testApp.database, 'ping');
    for (let probe = 0; probe < 3; probe += 1) {
      expect((await testApp.app.inject({ method: 'GET', url: '/-/ready' })).statusCode).toBe(200);
    }
    // The test above already found no migration pending, so none of these three reads the table.
    expect(pendingMigrations).not.toHaveBeenCalled();
    expect(ping).toHaveBeenCalledTimes(3);
    pendingMigrations.mockRestore();
    ping.mockRestore();
  });

  it('readiness answers 503 "shutting down" from the moment shutdown begins; liveness stays 200', async () => {
    testApp.shutdown.begin();
    const ready = await testApp.app.inject({ method: 'GET', url: '/-/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ reason: 'shutting down' });
    expect((await testApp.app.inject({ method: 'GET', url: '/-/healthy' })).statusCode).toBe(200);
  });
});
