import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Security headers, body limit, write rate limit and secrets from files, on the real app and PostgreSQL. */
let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp({ BODY_LIMIT_BYTES: '1024', RATE_LIMIT_WRITES_PER_MINUTE: '3' });
});

afterAll(async () => {
  await testApp?.close();
});

describe('security headers', () => {
  it('give the pages a CSP that allows only their own stylesheet: no inline or foreign script or style', async () => {
    const page = await testApp.app.inject({ method: 'GET', url: '/form' });
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    // The page satisfies it: its one stylesheet is same-origin, and it has no script or inline style at all.
    expect(page.body).toMatch(/href="\/assets\/tally\.[0-9a-f]{12}\.css"/);
    expect(page.body).not.toMatch(/<script|style=|<style/i);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('give /docs a policy of its own that swagger-ui satisfies', async () => {
    const docs = await testApp.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    const csp = String(docs.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(docs.body).not.toMatch(/<script>[^<]/);
  });
});

describe('body size limit', () => {
  it('refuses a body over BODY_LIMIT_BYTES with 413 problem+json', async () => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/users',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'big', email: 'big@example.com', padding: 'x'.repeat(2048) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 413, title: 'Content Too Large' });
  });
});

describe('rate limit on writes', () => {
  it('answers 429 problem+json with Retry-After once a client exceeds its writes per minute, and keeps reads open', async () => {
    const from = (remoteAddress: string) => () =>
      testApp.app.inject({ method: 'POST', url: '/visits', remoteAddress, payload: {} });
    const client = from('198.51.100.1');
    const statuses = [];
    for (let index = 0; index < 4; index += 1) statuses.push((await client()).statusCode);
    expect(statuses).toEqual([201, 201, 201, 429]);

    const refused = await client();
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ status: 429, title: 'Too Many Requests' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

    // Another client has its own budget; reads, probes and scrapes are never limited.
    expect((await from('198.51.100.2')()).statusCode).toBe(201);
    for (const url of ['/stats', '/-/healthy', '/metrics']) {
      const read = await testApp.app.inject({ method: 'GET', url, remoteAddress: '198.51.100.1' });
      expect(read.statusCode).toBe(200);
    }
  });

  it('limits GET / too, which records a visit, while HEAD / stays open', async () => {
    const page = (method: 'GET' | 'HEAD') => testApp.app.inject({ method, url: '/', remoteAddress: '198.51.100.3' });
    const statuses = [];
    for (let index = 0; index < 4; index += 1) statuses.push((await page('GET')).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await page('HEAD')).statusCode).toBe(200);
  });
});

describe('secrets from files', () => {
  it('takes ADMIN_TOKEN from ADMIN_TOKEN_FILE to guard /submissions', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'tally-secret-'));
    const file = join(directory, 'admin-token');
    writeFileSync(file, 'token-from-a-file-0123456789\n');
    const fromFile = await startTestApp({ ADMIN_TOKEN: '', ADMIN_TOKEN_FILE: file });
    try {
      const get = (token: string) =>
        fromFile.app.inject({ method: 'GET', url: '/submissions', headers: { authorization: `Bearer ${token}` } });
      expect((await get('token-from-a-file-0123456789')).statusCode).toBe(200);
      expect((await get('wrong-token-0123456789')).statusCode).toBe(401);
    } finally {
      await fromFile.close();
    }
  });
});
