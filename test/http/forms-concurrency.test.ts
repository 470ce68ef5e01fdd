import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formSession } from '../support/form-session.js';
import { sql } from '../support/sql.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { UNDER_CONTENTION } from '../support/test-environment.js';

let testApp: TestApp;

beforeAll(async () => {
  // Exact counts under contention, not the wait for a connection, are what this test is about: its requests may wait.
  testApp = await startTestApp(UNDER_CONTENTION);
});

afterAll(async () => {
  await testApp?.close();
});

describe('concurrent form submissions', () => {
  it('stores exactly the 300 submissions of 300 concurrent browser posts, each under the id its 303 names', async () => {
    const { cookie, token } = await formSession(testApp.app);
    const responses = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        testApp.app.inject({
          method: 'POST',
          url: '/form',
          body: new URLSearchParams({ name: `Person ${i}`, favoriteColor: 'teal', pet: i % 2 === 0 ? 'cats' : 'dogs', _csrf: token }).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'tally.test', cookie },
        }),
      ),
    );

    expect(responses.map((response) => response.statusCode)).toEqual(Array.from({ length: 300 }, () => 303));
    const redirected = responses.map((response) => new URL(String(response.headers.location)).searchParams.get('submitted'));
    const rows = await sql<{ id: string; name: string }>(testApp, 'select id, name from form_submission');
    expect(rows).toHaveLength(300);
    expect(new Set(rows.map((row) => row.id))).toEqual(new Set(redirected));
    expect(new Set(rows.map((row) => row.name))).toEqual(new Set(Array.from({ length: 300 }, (_, i) => `Person ${i}`)));
  });
});
