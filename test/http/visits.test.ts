import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, expectValidationProblem } from '../support/problem.js';
import { expectNothingWritten, sql } from '../support/sql.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface Statistics {
  totalVisits: number;
  uniqueVisitors: number;
  today: { visits: number; uniqueVisitors: number };
}

let testApp: TestApp;
let agents = 0;

beforeAll(async () => {
  testApp = await startTestApp({
    USER_NAME: 'Ada & Co',
    USER_URL: 'https://owner.example.com/ada',
    BUILD_NUMBER: '417',
    GIT_COMMIT: 'abc1234',
  }, { clock: new FixedClock('2025-06-15T23:59:59.000Z') });
});

afterAll(async () => {
  await testApp?.close();
});

async function stats(): Promise<Statistics> {
  const response = await testApp.app.inject({ method: 'GET', url: '/stats' });
  expect(response.statusCode).toBe(200);
  return response.json<Statistics>();
}

/** A User-Agent no other test in this file sends, so each test sees only its own visitors. */
function freshAgent(): string {
  agents += 1;
  return `test-agent/${agents}`;
}

function visit(headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') {
  return testApp.app.inject({ method: 'POST', url: '/visits', headers, remoteAddress });
}

const visitTables = ['visit', 'visitor', 'visitor_day', 'visit_counter'];

describe('GET /', () => {
  it('records one visit and shows the counts, the owner linked to USER_URL, and the version as HTML', async () => {
    const before = await stats();

    const response = await testApp.app.inject({ method: 'GET', url: '/', headers: { 'user-agent': freshAgent() } });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    const html = response.body;
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain(`<dd id="total-visits">${before.totalVisits + 1}</dd>`);
    expect(html).toContain(`<dd id="unique-visitors">${before.uniqueVisitors + 1}</dd>`);
    expect(html).toContain(`<dd id="today-visits">${before.today.visits + 1}</dd>`);
    expect(html).toContain('<a href="https://owner.example.com/ada">Ada &amp; Co</a>');
    expect(html).toContain('1.0.0');
    expect(html).toContain('417');
    expect(html).toContain('abc1234');
    expect(await stats()).toEqual({
      totalVisits: before.totalVisits + 1,
      uniqueVisitors: before.uniqueVisitors + 1,
      today: { visits: before.today.visits + 1, uniqueVisitors: before.today.uniqueVisitors + 1 },
    });
  });

  it('counts every page view as a visit', async () => {
    const agent = freshAgent();
    const first = await testApp.app.inject({ method: 'GET', url: '/', headers: { 'user-agent': agent } });
    const second = await testApp.app.inject({ method: 'GET', url: '/', headers: { 'user-agent': agent } });

    const total = (html: string) => Number(/<dd id="total-visits">(\d+)<\/dd>/.exec(html)?.[1]);
    expect(total(second.body)).toBe(total(first.body) + 1);
  });
});

describe('HEAD /', () => {
  it('answers the page’s headers and records no visit', async () => {
    const get = await testApp.app.inject({ method: 'GET', url: '/', headers: { 'user-agent': freshAgent() } });
    const head = await expectNothingWritten(testApp, visitTables, () =>
      testApp.app.inject({ method: 'HEAD', url: '/', headers: { 'user-agent': freshAgent() } }),
    );

    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toBe(get.headers['content-type']);
    expect(head.body).toBe('');
  });
});

describe('POST /visits', () => {
  it('records a visit and answers 201 with the totals', async () => {
    const before = await stats();

    const response = await visit({ 'user-agent': freshAgent() });

    expect(response.statusCode).toBe(201);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual({ totalVisits: before.totalVisits + 1, uniqueVisitors: before.uniqueVisitors + 1 });
  });

  it('accepts an explicit visitor in a JSON body', async () => {
    const before = await stats();

    const response = await testApp.app.inject({ method: 'POST', url: '/visits', payload: { visitor: 'explicit-visitor' } });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ totalVisits: before.totalVisits + 1, uniqueVisitors: before.uniqueVisitors + 1 });
  });

  it('counts the same client (address and User-Agent) twice as one unique visitor', async () => {
    const agent = freshAgent();
    const before = await stats();

    await visit({ 'user-agent': agent });
    await visit({ 'user-agent': agent });

    const after = await stats();
    expect(after.totalVisits - before.totalVisits).toBe(2);
    expect(after.uniqueVisitors - before.uniqueVisitors).toBe(1);
    expect(after.today.uniqueVisitors - before.today.uniqueVisitors).toBe(1);
  });

  it('counts the same address with a different User-Agent as another unique visitor', async () => {
    const before = await stats();

    await visit({ 'user-agent': freshAgent() });
    await visit({ 'user-agent': freshAgent() });

    expect((await stats()).uniqueVisitors - before.uniqueVisitors).toBe(2);
  });

  it('counts the same User-Agent from a different address as another unique visitor', async () => {
    const agent = freshAgent();
    const before = await stats();

    await visit({ 'user-agent': agent }, '198.51.100.1');
    await visit({ 'user-agent': agent }, '198.51.100.2');

    expect((await stats()).uniqueVisitors - before.uniqueVisitors).toBe(2);
  });

  it('never stores the raw client address, only a salted hash', async () => {
    await visit({ 'user-agent': freshAgent() }, '192.0.2.231');

    const stored = await sql<{ row: string }>(
      testApp,
      `select row_to_json(v)::text as row from visit v
       union all select row_to_json(v)::text from visitor v
       union all select row_to_json(v)::text from visitor_day v`,
    );
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.filter(({ row }) => row.includes('192.0.2.231'))).toEqual([]);
  });

  it('rejects an unknown field with 400, recording nothing', async () => {
    const response = await expectNothingWritten(testApp, visitTables, () =>
      testApp.app.inject({ method: 'POST', url: '/visits', payload: { visitor: 'v1', referrer: 'x' } }),
    );

    expectValidationProblem(response, ['referrer']);
  });

  it.each([
    ['a number as the visitor', { visitor: 7 }],
    ['an empty visitor', { visitor: '' }],
    ['a blank visitor', { visitor: '   ' }],
    ['a visitor of 201 characters', { visitor: 'v'.repeat(201) }],
    ['a visitor with a NUL character', { visitor: 'v\u0000v' }],
    ['a visitor with a lone surrogate half', { visitor: 'v\uD800' }],
  ])('rejects %s with 400, recording nothing', async (_case, payload) => {
    const response = await expectNothingWritten(testApp, visitTables, () =>
      testApp.app.inject({ method: 'POST', url: '/visits', payload }),
    );

    expectValidationProblem(response, ['visitor']);
  });

  it('rejects malformed JSON with 400, recording nothing', async () => {
    const response = await expectNothingWritten(testApp, visitTables, () =>
      testApp.app.inject({
        method: 'POST',
        url: '/visits',
        body: '{"visitor":',
        headers: { 'content-type': 'application/json' },
      }),
    );

    expectProblem(response, 400);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded'])(
    'rejects a %s body with 415, recording nothing',
    async (contentType) => {
      const response = await expectNothingWritten(testApp, visitTables, () =>
        testApp.app.inject({ method: 'POST', url: '/visits', body: 'visitor=v1', headers: { 'content-type': contentType } }),
      );

      expectProblem(response, 415);
    },
  );
});

describe('GET /stats', () => {
  it('answers the totals and today’s numbers, and records no visit itself', async () => {
    const response = await expectNothingWritten(testApp, visitTables, () =>
      testApp.app.inject({ method: 'GET', url: '/stats' }),
    );

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = response.json<Statistics>();
    expect(body).toEqual({
      totalVisits: expect.any(Number),
      uniqueVisitors: expect.any(Number),
      today: { visits: expect.any(Number), uniqueVisitors: expect.any(Number) },
    });
    const [row] = await sql<{ visits: string; visitors: string }>(
      testApp,
      'select (select count(*) from visit)::text as visits, (select count(*) from visitor)::text as visitors',
    );
    expect(body.totalVisits).toBe(Number(row?.visits));
    expect(body.uniqueVisitors).toBe(Number(row?.visitors));
    expect(body.today.visits).toBeGreaterThan(0);
    expect(body.today.visits).toBeLessThanOrEqual(body.totalVisits);
    expect(body.today.uniqueVisitors).toBeLessThanOrEqual(body.today.visits);
  });
});
