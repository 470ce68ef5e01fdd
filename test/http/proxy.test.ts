import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formSession } from '../support/form-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** TRUST_PROXY=true: tally runs behind a TLS-terminating proxy whose X-Forwarded-* headers it believes. */
let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp({ TRUST_PROXY: 'true' });
});

afterAll(async () => {
  await testApp?.close();
});

async function uniqueVisitors(): Promise<number> {
  return (await testApp.app.inject({ method: 'GET', url: '/stats' })).json<{ uniqueVisitors: number }>().uniqueVisitors;
}

function visitFrom(forwardedFor: string, remoteAddress = '10.0.0.2') {
  return testApp.app.inject({
    method: 'POST',
    url: '/visits',
    remoteAddress,
    headers: { 'user-agent': 'same-browser/1.0', 'x-forwarded-for': forwardedFor },
  });
}

describe('behind a trusted proxy', () => {
  it('redirects a browser form to the scheme and host the client used: https://tally.example.com/form?submitted=…', async () => {
    const { cookie, token } = await formSession(testApp.app);
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/form',
      body: new URLSearchParams({ name: 'Ada', favoriteColor: 'teal', pet: 'cats', _csrf: token }).toString(),
      remoteAddress: '10.0.0.2',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie,
        host: 'tally-internal:8080',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'tally.example.com',
        'x-forwarded-for': '203.0.113.7',
      },
    });

    expect(response.statusCode).toBe(303);
    expect(String(response.headers.location)).toMatch(
      /^https:\/\/tally\.example\.com\/form\?submitted=[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  it('identifies visitors by the forwarded client address: two addresses are two unique visitors', async () => {
    const before = await uniqueVisitors();

    expect((await visitFrom('203.0.113.10')).statusCode).toBe(201);
    expect((await visitFrom('203.0.113.11')).statusCode).toBe(201);

    expect((await uniqueVisitors()) - before).toBe(2);
  });

  it('counts one visitor when the same forwarded address arrives through different proxy hops', async () => {
    const before = await uniqueVisitors();

    await visitFrom('203.0.113.20', '10.0.0.2');
    await visitFrom('203.0.113.20', '10.0.0.3');

    expect((await uniqueVisitors()) - before).toBe(1);
  });
});
