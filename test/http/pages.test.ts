import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../support/problem.js';
import { expectNothingWritten } from '../support/sql.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The pages' plumbing, through the real app: ranges, error pages, assets and what OpenAPI says about them. */
let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});

afterAll(async () => {
  await testApp?.close();
});

const browser = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const visitTables = ['visit', 'visitor', 'visitor_day', 'visit_counter'];

function get(url: string, headers: Record<string, string> = {}) {
  return testApp.app.inject({ method: 'GET', url, headers });
}

describe('GET / ranges', () => {
  it('charts the last 30 days by default and up to 365 by ?days=', async () => {
    const standard = await get('/');
    const year = await get('/?days=365');

    expect(standard.body.match(/<tr><th scope="row">/g)).toHaveLength(30);
    expect(standard.body.match(/<rect /g)).toHaveLength(30);
    expect(year.statusCode).toBe(200);
    expect(year.body.match(/<tr><th scope="row">/g)).toHaveLength(365);
    expect(year.body).toContain('<h2 id="history-heading">The last 365 days</h2>');
  });

  it('draws the chart and the table of days again for each page: each counts its own visit', async () => {
    const todayRow = (body: string) => /<tr><th scope="row">(?:(?!<\/tr>).)*<\/tr>/.exec(body)?.[0];
    const first = await get('/', { 'user-agent': 'first-of-two' });
    const second = await get('/', { 'user-agent': 'second-of-two' });

    const visitsIn = (row: string | undefined) => Number(/<td>(\d+)<\/td>/.exec(row ?? '')?.[1]);
    expect(visitsIn(todayRow(second.body))).toBe(visitsIn(todayRow(first.body)) + 1);
    expect(second.body.match(/<rect /g)).toHaveLength(30);
  });

  it.each(['0', '366', '-5', '2.5', 'abc', ''])(
    'refuses ?days=%s with a 400 page that says what is allowed, recording no visit',
    async (days) => {
      const response = await expectNothingWritten(testApp, visitTables, () => get(`/?days=${days}`, browser));

      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toContain('<li>Days must be a whole number of days from 1 to 365.</li>');
    },
  );

  it('refuses a bad ?days= with problem+json for an API client', async () => {
    const response = await get('/?days=9999');

    const body = expectProblem(response, 400);
    expect(body.errors).toEqual([{ field: 'days', message: 'must be a whole number of days from 1 to 365' }]);
  });

  it('keeps its markup free of inline style and script, as the CSP requires', async () => {
    const response = await get('/');

    expect(response.body).not.toMatch(/<script|style=|<style/i);
  });
});

describe('not found', () => {
  it('is a page in the site’s layout for a browser, naming the path (escaped) and the ways back', async () => {
    const response = await get('/nowhere/a&b', browser);

    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('<title>Page not found · tally</title>');
    expect(response.body).toContain('There is no page at /nowhere/a&amp;b:');
    expect(response.body).toContain('<a href="/form">the form</a>');
  });

  it('stays problem+json for an API client', async () => {
    expectProblem(await get('/nowhere'), 404);
    expectProblem(await get('/nowhere', { accept: 'application/json' }), 404);
  });

  it('is problem+json from the API routes, to a browser too, as their OpenAPI document declares', async () => {
    const missing = '00000000-0000-7000-8000-000000000999';
    expectProblem(await get(`/users/${missing}`, browser), 404);
    expectProblem(await get(`/people/${missing}`, browser), 404);
    expectProblem(await get('/users?limit=0', browser), 400);
    const post = { method: 'POST', headers: { ...browser, 'content-type': 'application/json' }, payload: '{"username": 1}' } as const;
    expectProblem(await testApp.app.inject({ ...post, url: '/users' }), 400);
    expectProblem(await testApp.app.inject({ ...post, url: '/visits' }), 400);
  });
});

describe('assets', () => {
  it('serves the stylesheet at a URL naming its content, cached for a year as immutable', async () => {
    const page = await get('/form');
    const href = /<link rel="stylesheet" href="([^"]+)">/.exec(page.body)?.[1] ?? '';

    const stylesheet = await get(href);

    expect(href).toMatch(/^\/assets\/tally\.[0-9a-f]{12}\.css$/);
    expect(stylesheet.statusCode).toBe(200);
    expect(stylesheet.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(stylesheet.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(stylesheet.body).toContain('prefers-color-scheme: dark');
  });

  it('answers a page of another version (a rolling deploy) with this stylesheet, not to be kept; nothing for a URL that names no hash', async () => {
    const current = await get(/<link rel="stylesheet" href="([^"]+)">/.exec((await get('/form')).body)?.[1] ?? '');

    const other = await get('/assets/tally.000000000000.css');

    expect(other.statusCode).toBe(200);
    expect(other.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(other.headers['cache-control']).toBe('no-cache');
    expect(other.body).toBe(current.body);
    for (const url of ['/assets/tally.css', '/assets/tally.0000.css', '/assets/tally.00000000000g.css', '/assets/other.000000000000.css']) {
      expect((await get(url)).statusCode, url).toBe(404);
    }
  });

  it('serves an SVG favicon, and sends /favicon.ico to it', async () => {
    const icon = await get('/favicon.svg');
    const ico = await get('/favicon.ico');

    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    expect(icon.body).toMatch(/^<svg /);
    expect(ico.statusCode).toBe(301);
    expect(ico.headers.location).toBe('/favicon.svg');
  });
});

describe('OpenAPI for the pages', () => {
  interface Operation {
    responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
  }

  async function operation(path: string, method: string): Promise<Operation> {
    const document = (await get('/openapi.json')).json<{ paths: Record<string, Record<string, Operation>> }>();
    const found = document.paths[path]?.[method];
    if (found === undefined) throw new Error(`${method} ${path} is not documented`);
    return found;
  }

  // With rate limiting off (the test app's default) no 429 can happen, so none is declared; the contract tests
  // check it is declared when the limit is on.
  it('declares every answer of POST /form: 201, 303 with Location, and HTML or problem+json failures', async () => {
    const post = await operation('/form', 'post');

    expect(Object.keys(post.responses).sort()).toEqual(['201', '303', '400', '403', '413', '415', '503']);
    expect(post.responses['303']?.headers).toHaveProperty('location');
    for (const status of ['400', '403', '413', '415', '503']) {
      expect(Object.keys(post.responses[status]?.content ?? {}).sort()).toEqual(['application/problem+json', 'text/html']);
    }
  });

  it('declares GET / and GET /form as HTML, the 400 of a bad range, and their 503 both as a page and as a problem', async () => {
    const home = await operation('/', 'get');
    const form = await operation('/form', 'get');

    expect(Object.keys(home.responses['200']?.content ?? {})).toEqual(['text/html']);
    expect(Object.keys(home.responses['400']?.content ?? {}).sort()).toEqual(['application/problem+json', 'text/html']);
    expect(Object.keys(form.responses['200']?.content ?? {})).toEqual(['text/html']);
    for (const page of [home, form]) {
      expect(Object.keys(page.responses['503']?.content ?? {}).sort()).toEqual(['application/problem+json', 'text/html']);
    }
  });
});
