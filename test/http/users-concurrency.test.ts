import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../support/sql.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { UNDER_CONTENTION } from '../support/test-environment.js';

let testApp: TestApp;

beforeAll(async () => {
// A burst of hundreds on a pool of 10 queues far longer than the 1.5 s a client waits for a connection (then
  // 503, as it would when more than 100 wait): this test is about exact counts under contention, so its
  // requests may wait.
  testApp = await startTestApp(UNDER_CONTENTION);
});

afterAll(async () => {
  await testApp?.close();
});

function register(username: string, email: string) {
  return testApp.app.inject({ method: 'POST', url: '/users', payload: { username, email } });
}

describe('concurrent registrations', () => {
  it('lets exactly one of 200 concurrent registrations of the same username win; the other 199 get 409', async () => {
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => register(i % 2 === 0 ? 'contested' : 'CONTESTED', `racer${i}@example.com`)),
    );

    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(199);
    for (const response of responses.filter((r) => r.statusCode === 409)) {
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json().errors).toEqual([{ field: 'username', message: expect.any(String) }]);
    }
    const winner = responses.find((response) => response.statusCode === 201)?.json<{ id: string; email: string }>();
    const rows = await sql(testApp, 'select id, email from user_account where username = $1', ['contested']);
    expect(rows).toEqual([{ id: winner?.id, email: winner?.email }]);
  });

  it('lets exactly one of 100 concurrent registrations of the same email (in any case) win', async () => {
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => register(`mailracer${i}`, i % 2 === 0 ? 'race@example.com' : 'RACE@Example.COM')),
    );

    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(99);
    for (const response of responses.filter((r) => r.statusCode === 409)) {
      expect(response.json().errors).toEqual([{ field: 'email', message: expect.any(String) }]);
    }
    const rows = await sql(testApp, "select 1 from user_account where lower(email) = 'race@example.com'");
    expect(rows).toHaveLength(1);
  });

  it('registers 200 different users concurrently, every one exactly once', async () => {
    const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => register(`crowd${i}`, `crowd${i}@example.com`)));

    expect(responses.every((response) => response.statusCode === 201)).toBe(true);
    const [row] = await sql<{ count: string }>(
      testApp,
      "select count(*)::text as count from user_account where username like 'crowd%'",
    );
    expect(row?.count).toBe('200');
  });
});

describe('concurrent listings', () => {
  it('answers 30 concurrent requests for the first page alike: the newest users, their JSON and the next link', async () => {
    const [newest] = await sql<{ id: string }>(testApp, 'select id from user_account order by created_at desc, id desc limit 1');
    const responses = await Promise.all(Array.from({ length: 30 }, () => testApp.app.inject({ method: 'GET', url: '/users?limit=5' })));

    for (const response of responses) {
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.headers.link).toMatch(/^<\/users\?limit=5&cursor=[\w-]+>; rel="next"$/);
      expect(response.body).toBe(responses[0]?.body);
    }
    const users = responses[0]?.json<{ id: string }[]>();
    expect(users).toHaveLength(5);
    expect(users?.[0]?.id).toBe(newest?.id);
  });
});
