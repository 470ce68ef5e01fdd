import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowCounts } from '../support/sql.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { UNDER_CONTENTION } from '../support/test-environment.js';

let testApp: TestApp;

beforeAll(async () => {
// A burst of 1 000 on a pool of 10 queues far longer than the 1.5 s a client waits for a connection (then
  // 503, as it would when more than 100 wait): this test is about exact counts under contention, so its
  // requests may wait.
  testApp = await startTestApp(UNDER_CONTENTION, { clock: new FixedClock('2025-06-15T23:59:59.000Z') });
});

afterAll(async () => {
  await testApp?.close();
});

interface Statistics {
  totalVisits: number;
  uniqueVisitors: number;
  today: { visits: number; uniqueVisitors: number };
}

describe('concurrent visits', () => {
  it('counts exactly 1 000 visits and 10 unique visitors from 1 000 concurrent POST /visits', async () => {
    const responses = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        testApp.app.inject({ method: 'POST', url: '/visits', payload: { visitor: `v${i % 10}` } }),
      ),
    );

    expect(responses.filter((response) => response.statusCode === 201)).toHaveLength(1000);
    const answered = responses.map((response) => response.json<{ totalVisits: number; uniqueVisitors: number }>());
    // Each answer counts its own visit, so none is below 1 or above the final total.
    expect(Math.min(...answered.map((body) => body.totalVisits))).toBeGreaterThanOrEqual(1);
    expect(Math.max(...answered.map((body) => body.totalVisits))).toBe(1000);
    expect(Math.max(...answered.map((body) => body.uniqueVisitors))).toBe(10);

    const stats = await testApp.app.inject({ method: 'GET', url: '/stats' });
    expect(stats.statusCode).toBe(200);
    expect(stats.json<Statistics>()).toEqual({
      totalVisits: 1000,
      uniqueVisitors: 10,
      today: { visits: 1000, uniqueVisitors: 10 },
    });
    expect(await rowCounts(testApp, ['visit', 'visitor'])).toEqual({ visit: 1000, visitor: 10 });
  });

  it('counts exactly 300 concurrent home page visits by 300 new visitors, each page counting its own visit', async () => {
    const before = (await testApp.app.inject({ method: 'GET', url: '/stats' })).json<Statistics>();
    const responses = await Promise.all(
      Array.from({ length: 300 }, (_, i) => testApp.app.inject({ method: 'GET', url: '/', headers: { 'user-agent': `browser-${i}` } })),
    );

    expect(responses.filter((response) => response.statusCode === 200)).toHaveLength(300);
    const stats = await testApp.app.inject({ method: 'GET', url: '/stats' });
    expect(stats.json<Statistics>()).toEqual({
      totalVisits: before.totalVisits + 300,
      uniqueVisitors: before.uniqueVisitors + 300,
      today: { visits: before.today.visits + 300, uniqueVisitors: before.today.uniqueVisitors + 300 },
    });
    expect(await rowCounts(testApp, ['visit', 'visitor', 'visitor_day'])).toEqual({
      visit: before.totalVisits + 300,
      visitor: before.uniqueVisitors + 300,
      visitor_day: before.today.uniqueVisitors + 300,
    });
    // Each page counts its own visit: none shows fewer than the visits before the burst plus one, the last all.
    const totals = responses.map((response) => Number(/<dd id="total-visits">(\d+)<\/dd>/.exec(response.body)?.[1]));
    expect(Math.min(...totals)).toBeGreaterThanOrEqual(before.totalVisits + 1);
    expect(Math.max(...totals)).toBe(before.totalVisits + 300);
  });
});
