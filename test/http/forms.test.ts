import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, expectValidationProblem } from '../support/problem.js';
import { expectNothingWritten, sql } from '../support/sql.js';
import { formSession } from '../support/form-session.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../support/test-app.js';

interface SubmissionBody {
  id: string;
  name: string;
  favoriteColor: string;
  pet: string;
  createdAt: string;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});

afterAll(async () => {
  await testApp?.close();
});

/** Posts the form as a browser does: urlencoded, with the token from the page and the cookie it set. */
async function postForm(fields: Record<string, string>, headers: Record<string, string> = {}) {
  const { cookie, token } = await formSession(testApp.app);
  return testApp.app.inject({
    method: 'POST',
    url: '/form',
    body: new URLSearchParams({ ...fields, _csrf: token }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'tally.test', cookie, ...headers },
  });
}

function postJson(payload: unknown) {
  return testApp.app.inject({ method: 'POST', url: '/form', payload: payload as object });
}

const rejectedWrite = <T>(act: () => Promise<T>) => expectNothingWritten(testApp, ['form_submission'], act);

describe('GET /form', () => {
  it('answers an HTML form with the name, favourite colour and cats-or-dogs inputs', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/form' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toMatch(/<form method="post" action="\/form"/);
    expect(response.body).toMatch(/<input[^>]*name="name"/);
    expect(response.body).toMatch(/<input[^>]*name="favoriteColor"/);
    expect(response.body).toMatch(/<input type="radio" name="pet" value="cats"/);
    expect(response.body).toMatch(/<input type="radio" name="pet" value="dogs"/);
    expect(response.body).not.toContain('your answers were saved');
  });
});

describe('POST /form from a browser (urlencoded)', () => {
  it('saves a valid submission and answers 303 to the absolute /form?submitted={id} on the client’s host', async () => {
    const response = await postForm({ name: 'Ada', favoriteColor: 'teal', pet: 'cats' });

    expect(response.statusCode).toBe(303);
    const location = String(response.headers.location);
    const match = /^http:\/\/tally\.test\/form\?submitted=(.+)$/.exec(location);
    expect(match, location).not.toBeNull();
    const id = match?.[1] ?? '';
    expect(id).toMatch(UUID);
    const rows = await sql(testApp, 'select name, favorite_color, pet from form_submission where id = $1', [id]);
    expect(rows).toEqual([{ name: 'Ada', favorite_color: 'teal', pet: 'cats' }]);
  });

  it('thanks the client on the page the redirect leads to', async () => {
    const submitted = await postForm({ name: 'Grace', favoriteColor: 'navy', pet: 'dogs' });
    const url = new URL(String(submitted.headers.location));

    const response = await testApp.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });

    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('your answers were saved');
  });

  it('answers an invalid form with 400 and the form again, showing the errors and keeping the typed values', async () => {
    const response = await rejectedWrite(() => postForm({ name: 'Ada', favoriteColor: 'Sea green', pet: 'hamsters' }));

    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    const html = response.body;
    expect(html).toContain('role="alert"');
    expect(html).toContain('id="pet-error"');
    expect(html).toMatch(/<input id="name"[^>]*value="Ada"/);
    expect(html).toMatch(/<input id="favoriteColor"[^>]*value="Sea green"/);
    expect(html).not.toContain('id="name-error"');
    expect(html).not.toContain('id="favoriteColor-error"');
    expect(html).not.toMatch(/value="(cats|dogs)" required checked/);
  });

  it('shows an error for a name that is only spaces, keeping the valid choice', async () => {
    const response = await rejectedWrite(() => postForm({ name: '   ', favoriteColor: 'red', pet: 'dogs' }));

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('id="name-error"');
    expect(response.body).toMatch(/<input id="favoriteColor"[^>]*value="red"/);
    expect(response.body).toMatch(/value="dogs" required checked/);
  });

  it('shows an error for every missing field', async () => {
    const response = await rejectedWrite(() => postForm({}));

    expect(response.statusCode).toBe(400);
    for (const field of ['name', 'favoriteColor', 'pet']) expect(response.body).toContain(`id="${field}-error"`);
  });

  it('escapes typed values when it shows them again', async () => {
    const response = await rejectedWrite(() =>
      postForm({ name: '"><script>alert(1)</script>', favoriteColor: 'blue', pet: 'parrots' }),
    );

    expect(response.statusCode).toBe(400);
    expect(response.body).not.toContain('<script>alert(1)</script>');
    expect(response.body).toContain('&lt;script&gt;');
  });
});

describe('POST /form from a browser: CSRF and messages', () => {
  it('refuses a form sent without its CSRF token with 403, writing nothing, and says what to do on a page', async () => {
    const { cookie } = await formSession(testApp.app);
    const response = await rejectedWrite(() =>
      testApp.app.inject({
        method: 'POST',
        url: '/form',
        body: new URLSearchParams({ name: 'Eve', favoriteColor: 'black', pet: 'cats' }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', cookie },
      }),
    );

    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('reload the form and send it again');
  });

  it('refuses a token that does not match the cookie (a forged form) with 403 problem+json for a non-browser', async () => {
    const { token } = await formSession(testApp.app);
    const other = await formSession(testApp.app);
    const response = await rejectedWrite(() =>
      testApp.app.inject({
        method: 'POST',
        url: '/form',
        body: new URLSearchParams({ name: 'Eve', favoriteColor: 'black', pet: 'cats', _csrf: token }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: other.cookie },
      }),
    );

    expectProblem(response, 403);
  });

  it('sets the CSRF cookie HttpOnly and SameSite=Strict, for the form’s path only', async () => {
    const page = await testApp.app.inject({ method: 'GET', url: '/form' });

    expect(String(page.headers['set-cookie'])).toMatch(/^_csrf=[^;]+; Path=\/form; HttpOnly; SameSite=Strict$/);
  });

  it('words each error from core’s rules, naming the field as the page labels it', async () => {
    const response = await rejectedWrite(() =>
      postForm({ name: 'n'.repeat(101), favoriteColor: '', pet: 'hamsters' }),
    );

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<p class="field-error" id="name-error">Name must be at most 100 characters.</p>');
    expect(response.body).toContain('<p class="field-error" id="favoriteColor-error">Favourite colour must not be empty.</p>');
    expect(response.body).toContain('must be one of cats, dogs.</p>');
    expect(response.body).not.toMatch(/NOT have|fewer than|allowed values/);
  });
});

describe('POST /form as JSON', () => {
  it('saves a valid submission and answers 201 with it', async () => {
    const response = await postJson({ name: '  Linus ', favoriteColor: 'green', pet: 'dogs' });

    expect(response.statusCode).toBe(201);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = response.json<SubmissionBody>();
    expect(body).toEqual({
      id: expect.stringMatching(UUID),
      name: 'Linus',
      favoriteColor: 'green',
      pet: 'dogs',
      createdAt: expect.any(String),
    });
    expect(Number.isNaN(Date.parse(body.createdAt))).toBe(false);
    expect(await sql(testApp, 'select name from form_submission where id = $1', [body.id])).toEqual([{ name: 'Linus' }]);
  });

  it.each([
    ['a pet that is neither cats nor dogs', { name: 'Ada', favoriteColor: 'teal', pet: 'birds' }, ['pet']],
    ['a blank name', { name: '  ', favoriteColor: 'teal', pet: 'cats' }, ['name']],
    ['a name of 101 characters', { name: 'n'.repeat(101), favoriteColor: 'teal', pet: 'cats' }, ['name']],
    ['a favourite colour of 51 characters', { name: 'Ada', favoriteColor: 'c'.repeat(51), pet: 'cats' }, ['favoriteColor']],
    ['a missing favourite colour', { name: 'Ada', pet: 'cats' }, ['favoriteColor']],
    ['a number as the name', { name: 42, favoriteColor: 'teal', pet: 'cats' }, ['name']],
    ['an unknown field', { name: 'Ada', favoriteColor: 'teal', pet: 'cats', age: 3 }, ['age']],
    ['a NUL character in the name', { name: 'A\u0000da', favoriteColor: 'teal', pet: 'cats' }, ['name']],
    ['a NUL character in the colour', { name: 'Ada', favoriteColor: '\u0000', pet: 'cats' }, ['favoriteColor']],
  ])('rejects %s with a 400 problem naming the field, writing nothing', async (_case, payload, fields) => {
    const response = await rejectedWrite(() => postJson(payload));

    expectValidationProblem(response, fields);
  });

  it('rejects a text/plain body with 415, writing nothing', async () => {
    const response = await rejectedWrite(() =>
      testApp.app.inject({
        method: 'POST',
        url: '/form',
        body: 'name=Ada',
        headers: { 'content-type': 'text/plain' },
      }),
    );

    expectProblem(response, 415);
  });

  it('rejects a bodiless request that names no media type with a 400 problem naming the body, writing nothing', async () => {
    const response = await rejectedWrite(() =>
      testApp.app.inject({ method: 'POST', url: '/form', headers: { accept: 'application/json' } }),
    );

    const problem = expectValidationProblem(response, ['body']);
    expect(problem.errors?.[0]?.message).toMatch(/urlencoded .* or as JSON/);
  });
});

describe('GET /submissions', () => {
  it.each([
    ['without a token', {}],
    ['with a wrong token', { authorization: 'Bearer not-the-admin-token' }],
    ['with the token in another scheme', { authorization: `Basic ${TEST_ADMIN_TOKEN}` }],
    ['with an empty bearer', { authorization: 'Bearer ' }],
  ])('answers 401 %s, with WWW-Authenticate and no submissions', async (_case, headers) => {
    const response = await testApp.app.inject({ method: 'GET', url: '/submissions', headers });

    const problem = expectProblem(response, 401);
    expect(problem.title).toBe('Unauthorized');
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(response.body).not.toContain('favoriteColor');
  });

  it('answers 200 with the submissions, newest first, for the admin token', async () => {
    const latest = (await postJson({ name: 'Newest', favoriteColor: 'gold', pet: 'cats' })).json<SubmissionBody>();

    const response = await testApp.app.inject({ method: 'GET', url: '/submissions', headers: admin });

    expect(response.statusCode).toBe(200);
    const submissions = response.json<SubmissionBody[]>();
    expect(submissions[0]).toEqual(latest);
    const times = submissions.map((submission) => Date.parse(submission.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('paginates with Link rel="next"; walking it yields every submission once', async () => {
    const rows = await sql<{ id: string }>(testApp, 'select id from form_submission order by created_at desc, id desc');
    expect(rows.length).toBeGreaterThan(2);

    const seen: string[] = [];
    let url: string | undefined = '/submissions?limit=2';
    while (url !== undefined) {
      const response: LightMyRequestResponse = await testApp.app.inject({ method: 'GET', url, headers: admin });
      expect(response.statusCode).toBe(200);
      seen.push(...response.json<SubmissionBody[]>().map((submission) => submission.id));
      const link = response.headers.link;
      url = link === undefined ? undefined : /^<(\/submissions\?[^>]+)>; rel="next"$/.exec(String(link))?.[1];
      if (link !== undefined) expect(url).toBeDefined();
    }

    expect(seen).toEqual(rows.map((row) => row.id));
  });

  it.each(['limit=0', 'limit=501', 'limit=x', 'cursor=@@'])('rejects ?%s with 400 for the admin', async (query) => {
    const response = await testApp.app.inject({ method: 'GET', url: `/submissions?${query}`, headers: admin });

    expectProblem(response, 400);
  });
});
