import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formSession } from '../support/form-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** TRUST_PROXY unset: anyone can send X-Forwarded-* headers, so tally believes none of them. */
let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});

afterAll(async () => {
  await testApp?.close();
});

async function uniqueVisitors(): Promise<number> {
  return (await testApp.app.inject({ method: 'GET', url: '/stats' })).json<{ uniqueVisitors: number }>().uniqueVisitors;
}

describe('without TRUST_PROXY', () => {
  it('builds the 303 Location from the request itself, ignoring X-Forwarded-Proto and X-Forwarded-Host', async () => {
    const { cookie, token } = await formSession(testApp.app);
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/form',
      body: new URLSearchParams({ name: 'Ada', favoriteColor: 'teal', pet: 'cats', _csrf: token }).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie,
        host: 'tally-internal:8080',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'tally.example.com',
      },
    });

    expect(response.statusCode).toBe(303);
    expect(String(response.headers.location)).toMatch(/^http:\/\/tally-internal:8080\/form\?submitted=[0-9a-f-]{36}$/);
  });

  it('ignores X-Forwarded-For: a client cannot become many visitors by forging it', async () => {
    const before = await uniqueVisitors();

    for (const forged of ['203.0.113.10', '203.0.113.11', '203.0.113.12']) {
      const response = await testApp.app.inject({
        method: 'POST',
        url: '/visits',
        remoteAddress: '198.51.100.5',
        headers: { 'user-agent': 'same-browser/1.0', 'x-forwarded-for': forged },
      });
      expect(response.statusCode).toBe(201);
    }

    expect((await uniqueVisitors()) - before).toBe(1);
  });
});
