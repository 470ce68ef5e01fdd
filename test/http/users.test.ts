import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMAIL_PATTERN_MESSAGE, USERNAME_PATTERN_MESSAGE } from '../../core/users/user-rules.js';
import { expectProblem, expectValidationProblem } from '../support/problem.js';
import { expectNothingWritten, sql } from '../support/sql.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface UserBody {
  id: string;
  username: string;
  email: string;
  createdAt: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let testApp: TestApp;
let sequence = 0;

beforeAll(async () => {
  testApp = await startTestApp();
});

afterAll(async () => {
  await testApp?.close();
});

/** A username and email no other test in this file uses. */
function fresh(prefix = 'user'): { username: string; email: string } {
  sequence += 1;
  return { username: `${prefix}${sequence}`, email: `${prefix}${sequence}@example.com` };
}

function post(path: string, payload: unknown) {
  return testApp.app.inject({ method: 'POST', url: path, payload: payload as object });
}

function postRaw(path: string, body: string, contentType?: string) {
  return testApp.app.inject({
    method: 'POST',
    url: path,
    body,
    headers: contentType === undefined ? {} : { 'content-type': contentType },
  });
}

function nextLink(link: string | string[] | number | undefined): string | undefined {
  if (link === undefined) return undefined;
  const match = /^<([^>]+)>; rel="next"$/.exec(String(link));
  expect(match, `a well-formed Link header: ${String(link)}`).not.toBeNull();
  return match?.[1];
}

describe.each(['/users', '/user'])('%s', (path) => {
  const rejectedWrite = <T>(act: () => Promise<T>) => expectNothingWritten(testApp, ['user_account'], act);

  describe(`POST ${path}`, () => {
    it('registers a user: 201, a Location of /users/{id}, and the stored user as the body', async () => {
      const input = fresh();
      const response = await post(path, input);

      expect(response.statusCode).toBe(201);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const user = response.json<UserBody>();
      expect(Object.keys(user).sort()).toEqual(['createdAt', 'email', 'id', 'username']);
      expect(user.id).toMatch(UUID);
      expect(user).toMatchObject(input);
      expect(Math.abs(Date.parse(user.createdAt) - Date.now())).toBeLessThan(60_000);
      expect(response.headers.location).toBe(`/users/${user.id}`);

      const rows = await sql(testApp, 'select username, email from user_account where id = $1', [user.id]);
      expect(rows).toEqual([input]);
    });

    it('stores a username with capital letters in lower case and keeps the email as typed', async () => {
      const { username, email } = fresh('Mixed');
      const response = await post(path, { username, email: email.toUpperCase() });

      expect(response.statusCode).toBe(201);
      expect(response.json<UserBody>()).toMatchObject({ username: username.toLowerCase(), email: email.toUpperCase() });
    });

    it('accepts the boundaries: a 3- and a 32-character username, and a 254-character email', async () => {
      sequence += 1;
      const local = `a${String(sequence).padStart(63, '0')}`;
      const domain = `${'b'.repeat(62)}.${'c'.repeat(62)}.${'d'.repeat(59)}.com`;
      const email254 = `${local}@${domain}`;
      expect(email254).toHaveLength(254);
      const short = `u${String(sequence % 100).padStart(2, '0')}`;
      const long = `l${String(sequence).padStart(31, '0')}`;

      const responses = [
        await post(path, { username: short, email: `${short}@example.com` }),
        await post(path, { username: long, email: `${long}@example.com` }),
        await post(path, { ...fresh('boundary'), email: email254 }),
      ];

      expect(responses.map((response) => response.statusCode)).toEqual([201, 201, 201]);
    });

    it.each([
      ['a username of 2 characters', { username: 'ab' }, ['username']],
      ['a username of 33 characters', { username: 'a'.repeat(33) }, ['username']],
      ['a username with characters outside a-z 0-9 _ . -', { username: 'bad name!' }, ['username']],
      ['a username with a non-ASCII letter', { username: 'jürgen' }, ['username']],
      ['a username starting with "_"', { username: '_leading' }, ['username']],
      ['a username starting with "."', { username: '.leading' }, ['username']],
      ['an email without "@"', { email: 'not-an-email' }, ['email']],
      ['an email without a domain dot', { email: 'someone@localhost' }, ['email']],
      ['an email with spaces', { email: 'some one@example.com' }, ['email']],
      [
        'an email of 255 characters',
        { email: `${'a'.repeat(64)}@${'b'.repeat(62)}.${'c'.repeat(62)}.${'d'.repeat(60)}.com` },
        ['email'],
      ],
      ['a username and an email that are both invalid', { username: 'x', email: 'nope' }, ['username', 'email']],
    ])('rejects %s with 400 and a problem naming the field, writing nothing', async (_case, override, fields) => {
      if ('email' in override && override.email.length > 250) expect(override.email).toHaveLength(255);
      const body = { ...fresh(), ...override };

      const response = await rejectedWrite(() => post(path, body));

      const problem = expectValidationProblem(response, fields);
      expect(problem.title).toBe('Bad Request');
    });

    it('tells a broken username or email rule in the words of core, as the command line does', async () => {
      const response = await rejectedWrite(() => post(path, { username: 'bad name!', email: 'not-an-email' }));

      const problem = expectValidationProblem(response, ['username', 'email']);
      expect(problem.errors).toEqual(
        expect.arrayContaining([
          { field: 'username', message: USERNAME_PATTERN_MESSAGE },
          { field: 'email', message: EMAIL_PATTERN_MESSAGE },
        ]),
      );
    });

    it('rejects an unknown field with 400, naming it', async () => {
      const response = await rejectedWrite(() => post(path, { ...fresh(), isAdmin: true }));

      const problem = expectValidationProblem(response, ['isAdmin']);
      expect(problem.errors?.[0]?.message).toMatch(/not an accepted field/);
    });

    it('rejects a missing field with 400, naming it', async () => {
      const response = await rejectedWrite(() => post(path, { username: fresh().username }));

      expectValidationProblem(response, ['email']);
    });

    it('rejects a wrong type ("username": 123) with 400 instead of converting it', async () => {
      const response = await rejectedWrite(() => post(path, { username: 123, email: fresh().email }));

      expectValidationProblem(response, ['username']);
    });

    it('rejects a JSON array or string instead of an object with 400', async () => {
      const responses = await rejectedWrite(async () => [
        await postRaw(path, JSON.stringify([fresh()]), 'application/json'),
        await postRaw(path, JSON.stringify('alice'), 'application/json'),
      ]);

      for (const response of responses) expectProblem(response, 400);
    });

    it('rejects malformed JSON with a 400 problem', async () => {
      const response = await rejectedWrite(() => postRaw(path, '{"username": "alice", "email": ', 'application/json'));

      expectProblem(response, 400);
    });

    it('rejects an empty JSON body with a 400 problem', async () => {
      const response = await rejectedWrite(() => postRaw(path, '', 'application/json'));

      expectProblem(response, 400);
    });

    it('rejects a request without any body with a 400 problem', async () => {
      const response = await rejectedWrite(() => testApp.app.inject({ method: 'POST', url: path }));

      expectProblem(response, 400);
    });

    it('rejects a username that is already taken, ignoring case, with 409 naming "username"', async () => {
      const taken = fresh('taken');
      expect((await post(path, taken)).statusCode).toBe(201);

      const response = await rejectedWrite(() =>
        post(path, { username: taken.username.toUpperCase(), email: fresh().email }),
      );

      const problem = expectProblem(response, 409);
      expect(problem.title).toBe('Conflict');
      expect(problem.detail).toMatch(/username/);
      expect(problem.errors).toEqual([{ field: 'username', message: expect.any(String) }]);
    });

    it('rejects an email that is already taken, ignoring case, with 409 naming "email"', async () => {
      const taken = fresh('mail');
      expect((await post(path, { ...taken, email: 'Shared.Address+' + taken.email })).statusCode).toBe(201);

      const response = await rejectedWrite(() =>
        post(path, { username: fresh().username, email: ('shared.address+' + taken.email).toUpperCase() }),
      );

      const problem = expectProblem(response, 409);
      expect(problem.detail).toMatch(/email/);
      expect(problem.errors).toEqual([{ field: 'email', message: expect.any(String) }]);
    });

    type Encode = (user: { username: string; email: string }) => string;
    it.each<[string, Encode]>([
      ['text/plain', (user) => JSON.stringify(user)],
      ['application/xml', (user) => `<user><username>${user.username}</username><email>${user.email}</email></user>`],
      ['application/x-www-form-urlencoded', (user) => new URLSearchParams(user).toString()],
    ])('rejects a %s body with 415, writing nothing', async (contentType, body) => {
      const response = await rejectedWrite(() => postRaw(path, body(fresh()), contentType));

      const problem = expectProblem(response, 415);
      expect(problem.title).toBe('Unsupported Media Type');
    });
  });

  describe(`GET ${path}`, () => {
    const registered: UserBody[] = [];

    beforeAll(async () => {
      // One after the other, so each is strictly newer than the one before.
      for (let i = 0; i < 7; i += 1) registered.push((await post(path, fresh('listed'))).json<UserBody>());
    });

    it('answers a JSON array of users, newest first', async () => {
      const response = await testApp.app.inject({ method: 'GET', url: `${path}?limit=500` });

      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const users = response.json<UserBody[]>();
      expect(Array.isArray(users)).toBe(true);
      const positions = registered.map((user) => users.findIndex((listed) => listed.id === user.id));
      expect(positions.every((position) => position >= 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => b - a));
      expect(users.find((listed) => listed.id === registered[0]?.id)).toEqual(registered[0]);
      const times = users.map((user) => Date.parse(user.createdAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it('gives a Link rel="next" while more remain and none on the last page; walking it yields every user once', async () => {
      const [{ count }] = (await sql<{ count: string }>(testApp, 'select count(*)::text as count from user_account')) as [
        { count: string },
      ];
      const total = Number(count);
      expect(total).toBeGreaterThan(7);

      const seen: string[] = [];
      let url: string | undefined = `${path}?limit=3`;
      let pages = 0;
      while (url !== undefined) {
        const response = await testApp.app.inject({ method: 'GET', url });
        expect(response.statusCode).toBe(200);
        const users = response.json<UserBody[]>();
        seen.push(...users.map((user) => user.id));
        pages += 1;
        url = nextLink(response.headers.link);
        if (url !== undefined) {
          expect(users).toHaveLength(3);
          expect(url.startsWith(`${path}?`)).toBe(true);
          expect(new URL(url, 'http://x').searchParams.get('limit')).toBe('3');
        }
      }

      expect(pages).toBe(Math.ceil(total / 3));
      expect(new Set(seen).size).toBe(seen.length);
      const ids = await sql<{ id: string }>(testApp, 'select id from user_account order by created_at desc, id desc');
      expect(seen).toEqual(ids.map((row) => row.id));
    });

    it('gives no Link when the page holds exactly the users that remain', async () => {
      const [{ count }] = (await sql<{ count: string }>(testApp, 'select count(*)::text as count from user_account')) as [
        { count: string },
      ];

      const response = await testApp.app.inject({ method: 'GET', url: `${path}?limit=${count}` });

      expect(response.statusCode).toBe(200);
      expect(response.json<UserBody[]>()).toHaveLength(Number(count));
      expect(response.headers.link).toBeUndefined();
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=1.5', 'limit'],
      ['limit=-1', 'limit'],
      ['cursor=not-a-cursor!', 'cursor'],
      ['cursor=Z2FyYmFnZQ', 'cursor'],
      ['cursor=', 'cursor'],
      // Well-formed cursors that name what no row could have: a non-UUID id, a year PostgreSQL cannot store.
      [`cursor=${Buffer.from(JSON.stringify(['2025-01-01T00:00:00.000Z', 'not-a-uuid'])).toString('base64url')}`, 'cursor'],
      [
        `cursor=${Buffer.from(JSON.stringify(['+275000-01-01T00:00:00.000Z', '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b'])).toString('base64url')}`,
        'cursor',
      ],
    ])('rejects ?%s with a 400 problem naming the parameter', async (query, field) => {
      const response = await testApp.app.inject({ method: 'GET', url: `${path}?${query}` });

      expectValidationProblem(response, [field]);
    });
  });

  describe(`GET ${path}/{id}`, () => {
    it('answers 200 with the user', async () => {
      const created = (await post(path, fresh())).json<UserBody>();

      const response = await testApp.app.inject({ method: 'GET', url: `${path}/${created.id}` });

      expect(response.statusCode).toBe(200);
      expect(response.json<UserBody>()).toEqual(created);
    });

    it('answers the Location of a registration with the user', async () => {
      const registration = await post(path, fresh());

      const response = await testApp.app.inject({ method: 'GET', url: String(registration.headers.location) });

      expect(response.statusCode).toBe(200);
      expect(response.json<UserBody>()).toEqual(registration.json());
    });

    it('answers 404 with a problem for an id that does not exist', async () => {
      const response = await testApp.app.inject({ method: 'GET', url: `${path}/0190b6a0-0000-7000-8000-000000000000` });

      const problem = expectProblem(response, 404);
      expect(problem.title).toBe('Not Found');
    });

    it.each(['not-a-uuid', '1', "1' or '1'='1"])('answers 404 for the non-uuid id %j', async (id) => {
      const response = await testApp.app.inject({ method: 'GET', url: `${path}/${encodeURIComponent(id)}` });

      expectProblem(response, 404);
    });
  });
});
