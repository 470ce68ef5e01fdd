import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** `/metrics` on the real app and a real PostgreSQL, after a few requests of each kind. */
let testApp: TestApp;
let text: string;

/** The value of the sample written exactly as `selector` (name and labels in exposition order), if any. */
function sample(metrics: string, selector: string): number | undefined {
  const line = metrics.split('\n').find((candidate) => candidate.startsWith(`${selector} `));
  return line === undefined ? undefined : Number(line.slice(selector.length + 1));
}

beforeAll(async () => {
  testApp = await startTestApp();
  const { app } = testApp;
  const json = (url: string, payload: Record<string, string>) => app.inject({ method: 'POST', url, payload });
  await json('/users', { username: 'ada', email: 'ada@example.com' });
  await json('/users', { username: 'grace', email: 'grace@example.com' });
  await json('/users', { username: '', email: 'not-an-email' });
  await json('/visits', { visitor: 'first' });
  await json('/visits', { visitor: 'second' });
  await json('/visits', { visitor: 'first' });
  await app.inject({ method: 'GET', url: '/' });
  await json('/form', { name: 'Ada', favoriteColor: 'teal', pet: 'cats' });
  await json('/form', { name: '', favoriteColor: '', pet: 'cats' });
  await app.inject({ method: 'GET', url: '/no/such/page' });
  await app.inject({ method: 'GET', url: '/metrics' });
  const response = await app.inject({ method: 'GET', url: '/metrics' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  text = response.body;
});

afterAll(async () => {
  await testApp?.close();
});

describe('GET /metrics', () => {
  it('counts requests by route template, method and status class', () => {
    expect(sample(text, 'http_requests_total{route="/users",method="POST",status_class="2xx",service="tally"}')).toBe(2);
    expect(sample(text, 'http_requests_total{route="/users",method="POST",status_class="4xx",service="tally"}')).toBe(1);
    expect(sample(text, 'http_requests_total{route="/visits",method="POST",status_class="2xx",service="tally"}')).toBe(3);
  });

  it('labels requests that match no route as "unmatched", so probing random URLs cannot add series', () => {
    expect(sample(text, 'http_requests_total{route="unmatched",method="GET",status_class="4xx",service="tally"}')).toBe(1);
    expect(text).not.toContain('/no/such/page');
  });

  it('has a latency histogram per route with buckets, a sum and a count', () => {
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(
      sample(text, 'http_request_duration_seconds_count{service="tally",route="/visits",method="POST",status_class="2xx"}'),
    ).toBe(3);
    expect(
      sample(text, 'http_request_duration_seconds_bucket{le="+Inf",service="tally",route="/visits",method="POST",status_class="2xx"}'),
    ).toBe(3);
    expect(sample(text, 'http_request_duration_seconds_sum{service="tally",route="/visits",method="POST",status_class="2xx"}')).toBeGreaterThan(0);
  });

  it('does not count its own scrapes', () => {
    expect(text).not.toMatch(/route="\/metrics"/);
  });

  it('counts registrations, visits (API and page), form submissions and rejected inputs', () => {
    expect(sample(text, 'tally_registrations_total{service="tally"}')).toBe(2);
    expect(sample(text, 'tally_visits_total{service="tally"}')).toBe(4);
    expect(sample(text, 'tally_form_submissions_total{service="tally"}')).toBe(1);
    expect(sample(text, 'tally_rejected_inputs_total{route="/users",method="POST",service="tally"}')).toBe(1);
    expect(sample(text, 'tally_rejected_inputs_total{route="/form",method="POST",service="tally"}')).toBe(1);
  });

  it('reports the unique visitors recorded in the database', () => {
    // "first", "second", and the page visit (identified by address and user agent).
    expect(sample(text, 'tally_unique_visitors{service="tally"}')).toBe(3);
  });

  it('reports the database pool: open, idle and waiting connections', () => {
    expect(sample(text, 'tally_database_pool_connections{state="total",service="tally"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'tally_database_pool_connections{state="idle",service="tally"}')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'tally_database_pool_connections{state="waiting",service="tally"}')).toBeGreaterThanOrEqual(0);
  });

  it('reports that the database answers (test/monitoring sees it turn 0 when the database is cut)', () => {
    expect(sample(text, 'tally_database_up{service="tally"}')).toBe(1);
  });

  it('has process and event-loop metrics', () => {
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });

  it('keeps each app’s counts apart: a second app in the same process starts from zero', async () => {
    const other = await startTestApp();
    try {
      const fresh = (await other.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(sample(fresh, 'tally_registrations_total{service="tally"}')).toBe(0);
      expect(fresh).not.toMatch(/^http_requests_total\{route="\/users"/m);
    } finally {
      await other.close();
    }
  });
});
