import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggerOptions } from '../../adapters/http/logging.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { type ServerProcess, startServerProcess } from './support/tally-process.js';

/** The log lines of a real `tally serve` process on a real PostgreSQL. */
let testDatabase: TestDatabase;
let server: ServerProcess;
const ADMIN_TOKEN = 'logging-admin-token-0123456789';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  server = await startServerProcess(['--migrate'], { DATABASE_URL: testDatabase.url, LOG_LEVEL: 'info', ADMIN_TOKEN });
});

afterAll(async () => {
  await server?.stop();
  await testDatabase?.drop();
});

describe('request ids', () => {
  it('takes a safe X-Request-Id, echoes it, and tags the request’s one log line with it', async () => {
    const response = await fetch(`${server.base}/stats?from=edge`, { headers: { 'x-request-id': 'edge-7f3a.42' } });
    expect(response.headers.get('x-request-id')).toBe('edge-7f3a.42');

    await server.waitForLog((line) => line.reqId === 'edge-7f3a.42' && line.msg === 'request completed');
    const lines = server.logLines().filter((line) => line.reqId === 'edge-7f3a.42');
    // At info level, one line per request, written once it is answered, that says what was asked and answered.
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      req: { method: 'GET', url: '/stats?from=edge', remoteAddress: '127.0.0.1' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
    });
  });

  it('replaces an unsafe or overlong X-Request-Id with a generated UUID', async () => {
    for (const unsafe of ['a"b<script>', 'x'.repeat(129), 'two words']) {
      const response = await fetch(`${server.base}/stats`, { headers: { 'x-request-id': unsafe } });
      expect(response.headers.get('x-request-id')).toMatch(UUID);
    }
  });

  it('generates one when none is given, on errors too', async () => {
    const response = await fetch(`${server.base}/no/such/page`);
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toMatch(UUID);
  });
});

describe('what is never logged', () => {
  it('neither the admin token, nor cookies, nor the email of a registered user', async () => {
    await fetch(`${server.base}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}`, cookie: 'session=cookie-secret-42' },
      body: JSON.stringify({ username: 'lovelace', email: 'ada.lovelace@example.com' }),
    });
    await fetch(`${server.base}/submissions`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    await fetch(`${server.base}/users?email=ada.lovelace@example.com`);
    await server.waitForLog((line) => line.msg === 'request completed', 3);

    const log = server.stdout();
    expect(log).toContain('"url":"/users"');
    expect(log).not.toContain(ADMIN_TOKEN);
    expect(log).not.toContain('cookie-secret-42');
    expect(log).not.toContain('ada.lovelace@example.com');
  });

  it('masks emails in logged errors, redacts credential headers logged as such, and logs no header of a request or reply', () => {
    const lines: string[] = [];
    const app = Fastify({
      logger: { ...(loggerOptions({ logLevel: 'info', logFormat: 'json' }) as object), stream: { write: (line: string) => lines.push(line) } },
    });
    app.log.error({ err: new Error('duplicate key value (email)=(ada.lovelace@example.com) violates a constraint') }, 'failed');
    app.log.info({ headers: { authorization: 'Bearer secret-bearer', cookie: 'sid=secret-cookie' } }, 'headers');
    const request = { method: 'GET', url: '/users?email=ada.lovelace@example.com', ip: '10.0.0.7', headers: { authorization: 'Bearer secret-bearer' } };
    const reply = { statusCode: 200, headers: { 'set-cookie': 'sid=secret-cookie' } };
    app.log.info({ req: request, res: reply }, 'request completed');

    const [error, headers, completed] = lines.map((line) => JSON.parse(line) as Record<string, Record<string, string>>);
    expect(error?.err?.message).toBe('duplicate key value (email)=(a***@example.com) violates a constraint');
    expect(error?.err?.stack).not.toContain('ada.lovelace@');
    expect(headers?.headers).toEqual({ authorization: '[redacted]', cookie: '[redacted]' });
    // A request and its reply are logged by the fields their serializers pick: never their headers.
    expect(completed?.req).toEqual({ method: 'GET', url: '/users?email=a***@example.com', remoteAddress: '10.0.0.7' });
    expect(completed?.res).toEqual({ statusCode: 200 });
  });
});

describe('log format', () => {
  it('writes JSON lines by default off a terminal, and human-readable lines with LOG_FORMAT=pretty', async () => {
    expect(JSON.parse(server.stdout().split('\n')[0] ?? '')).toMatchObject({ level: 30, msg: expect.any(String) });

    const pretty = await startServerProcess([], { DATABASE_URL: testDatabase.url, LOG_LEVEL: 'info', LOG_FORMAT: 'pretty' });
    const run = await pretty.stop();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/INFO.*Server listening at http:\/\/127\.0\.0\.1:\d+/);
    expect(run.stdout.trimStart().startsWith('{')).toBe(false);
  });
});
