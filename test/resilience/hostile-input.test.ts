import { Agent } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, type Call, report, send, slowest, statusCounts } from './support/load.js';
import { startTallyBehindProxy, type TallyBehindProxy } from './support/tally-behind-proxy.js';

const ADMIN_TOKEN = 'hostile-admin-token-0123456789';
const REQUESTS = 10_000;
const CLIENTS = 16;

/** Text that has broken services before: NUL, lone surrogates, direction overrides, markup, SQL, escapes. */
const NASTY = [
  '\0',
  'a\0b',
  '\uD800',
  'x\uDFFFy',
  '\u202Eevil\u202C',
  'שלום עולם',
  'e\u0301\u0302\u0303',
  '😀👨‍👩‍👧',
  "'; drop table user_account; --",
  "' or '1'='1",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{constructor.constructor("x")()}}',
  '<%= it %>',
  '%00',
  '\\u0000',
  '../../etc/passwd',
  '\r\nSet-Cookie: x=1',
  ' ',
  '',
];

/** Markup that no page of tally's own contains: seen raw in a page, it came from a client unescaped. */
const MARKUP = NASTY.filter((nasty) => nasty.includes('<') && nasty.length > 5);

const nastyUnit = fc.constantFrom('\0', '\uD800', '\uDFFF', '\u202E', '\u0301', '<', '>', '&', '"', "'", ';', '\\', '%', '\n');
const text = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: nastyUnit, maxLength: 30 }),
  fc.string({ minLength: 200, maxLength: 3_000 }),
);
const anyValue = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 3 }),
  fc.dictionary(text, text, { maxKeys: 3 }),
);

/** An object with some of `fields` (each a plausible or a hostile value), sometimes with a key no route knows. */
function bodyOf(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.fromEntries(Object.entries(fields).map(([field, plausible]) => [field, fc.oneof(plausible, anyValue)]));
  return fc
    .tuple(fc.record(entries, { requiredKeys: [] }), fc.option(fc.tuple(text, anyValue)))
    .map(([body, extra]) => (extra === null ? body : { ...body, [extra[0]]: extra[1] }));
}

const uniqueWord = fc.stringMatching(/^[a-z][a-z0-9]{2,12}$/);
const BODIES = {
  '/users': bodyOf({ username: uniqueWord, email: uniqueWord.map((word) => `${word}@example.com`) }),
  '/visits': bodyOf({ visitor: text }),
  '/form': bodyOf({ name: text, favoriteColor: text, pet: fc.constantFrom('cats', 'dogs') }),
  '/people': bodyOf({
    survived: fc.boolean(),
    passengerClass: fc.constantFrom(1, 2, 3),
    name: text,
    sex: fc.constantFrom('male', 'female', 'other'),
    age: fc.double({ min: 0, max: 150, noNaN: true }),
    siblingsOrSpousesAboard: fc.nat(100),
    parentsOrChildrenAboard: fc.nat(100),
    fare: fc.double({ min: 0, max: 1_000, noNaN: true }),
  }),
};

/** How a body is put on the wire: as it should be, broken, nested past reason, too large, or mislabelled. */
const encoding = fc.oneof(
  { weight: 5, arbitrary: fc.constant((body: unknown) => ({ body: JSON.stringify(body), contentType: 'application/json' })) },
  {
    weight: 1,
    arbitrary: fc.nat().map((cut) => (body: unknown) => {
      const json = JSON.stringify(body);
      return { body: json.slice(0, cut % Math.max(json.length, 1)), contentType: 'application/json' };
    }),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 100, max: 30_000 }).map((depth) => () => ({
      body: `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`,
      contentType: 'application/json',
    })),
  },
  { weight: 1, arbitrary: fc.constant(() => ({ body: JSON.stringify({ name: 'x'.repeat(100_000) }), contentType: 'application/json' })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'image/png')
      .map((contentType) => (body: unknown) => ({ body: JSON.stringify(body), contentType })),
  },
  {
    weight: 2,
    arbitrary: fc.constant((body: unknown) => ({
      body: new URLSearchParams(Object.entries(body as object).map(([key, value]): [string, string] => [key, typeof value === 'string' ? value : JSON.stringify(value)])).toString(),
      contentType: 'application/x-www-form-urlencoded',
    })),
  },
);

const queryValue = fc.oneof(
  text,
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom('0', '-1', '501', '1e3', '0x10', 'NaN', ''),
  // Well-formed cursors around what the service issues: odd ids, times PostgreSQL cannot hold.
  fc
    .tuple(fc.oneof(fc.date({ noInvalidDate: false }).map((date) => (Number.isNaN(date.getTime()) ? 'x' : date.toISOString())), text), fc.oneof(fc.uuid(), text))
    .map((pair) => Buffer.from(JSON.stringify(pair)).toString('base64url')),
);

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const call: fc.Arbitrary<Call> = fc.oneof(
  fc
    .tuple(fc.constantFrom('/users', '/user', '/visits', '/form', '/people'), encoding)
    .chain(([path, encode]) => {
      const kind = path === '/user' ? '/users' : (path as keyof typeof BODIES);
      return BODIES[kind].map((body): Call => ({ method: 'POST', path, ...encode(body), headers: admin }));
    }),
  fc
    .tuple(fc.constantFrom('PUT', 'DELETE', 'PATCH'), fc.oneof(fc.uuid(), text), BODIES['/people'], encoding)
    .map(([method, id, body, encode]) => ({ method, path: `/people/${encodeURIComponent(id.toWellFormed())}`, ...encode(body), headers: admin })),
  fc
    .tuple(fc.constantFrom('/users', '/people', '/submissions'), fc.dictionary(fc.constantFrom('limit', 'cursor', 'x', 'limit[]'), queryValue))
    .map(([path, query]) => ({ method: 'GET', path: `${path}?${new URLSearchParams(query).toString()}`, headers: admin })),
  fc.oneof(fc.uuid(), text).map((id) => ({ method: 'GET', path: `/users/${encodeURIComponent(id.toWellFormed())}` })),
);

/** A body's size, roughly, for grouping failures: none, small, over 64 KiB (the default body limit). */
function sizeClass(body: string | undefined): string {
  if (body === undefined) return 'no body';
  return Buffer.byteLength(body) > 64 * 1024 ? 'over 64 KiB' : 'under 64 KiB';
}

/** Which table a successful request adds one row to. */
function tableOf(call: Call, answer: Answer): string | undefined {
  if (call.method !== 'POST' || (answer.status !== 201 && answer.status !== 303)) return undefined;
  const path = call.path === '/user' ? '/users' : call.path;
  return { '/users': 'user_account', '/visits': 'visit', '/form': 'form_submission', '/people': 'person' }[path];
}

let running: TallyBehindProxy;

beforeAll(async () => {
  running = await startTallyBehindProxy({ ADMIN_TOKEN });
});

afterAll(async () => {
  await running?.close();
});

describe('hostile input', () => {
  it(`answers ${REQUESTS} generated requests on every write route and query string without a 5xx, writing only what it accepts`, async () => {
    const calls = fc.sample(call, { numRuns: REQUESTS, seed: 20261201 });
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
    const answers: { call: Call; answer: Answer }[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < calls.length) {
          const current = calls[next++] as Call;
          answers.push({ call: current, answer: await send(running.server.base, current, agent, 30_000) });
        }
      }),
    );
    agent.destroy();

    const expected: Record<string, number> = { user_account: 0, visit: 0, form_submission: 0, person: 0 };
    for (const { call: sent, answer } of answers) {
      const table = tableOf(sent, answer);
      if (table) expected[table] = (expected[table] ?? 0) + 1;
    }
    const [counts] = await running.query<Record<string, string>>(
      `select (select count(*) from user_account) as user_account, (select count(*) from visit) as visit,
              (select count(*) from form_submission) as form_submission, (select count(*) from person) as person`,
    );
    const stored = Object.fromEntries(Object.entries(counts ?? {}).map(([table, count]) => [table, Number(count)]));
    // Fastify answers 413 to a body over the limit without reading it and closes the connection, as HTTP allows;
    // the client may still be writing, and the kernel's reset can then reach it before the 413 does. Such a
    // request is cut off, not failed: it is counted apart, and still must have written nothing.
    const cutOff = answers.filter(({ call: sent, answer }) => answer.status === 0 && sizeClass(sent.body) === 'over 64 KiB' && /ECONNRESET|EPIPE/.test(answer.body));
    const failures = answers.filter(({ answer }) => answer.status === 0 || answer.status >= 500).filter((failure) => !cutOff.includes(failure));
    // Every page that shows what a client sent must show it as text: no markup of theirs survives.
    const pages = answers.filter(({ answer }) => String(answer.headers['content-type']).startsWith('text/html'));
    const unescaped = pages.filter(({ answer }) => MARKUP.some((markup) => answer.body.includes(markup)));
    const failureKinds: Record<string, number> = {};
    for (const { call: sent, answer } of failures) {
      const kind = `${sent.method} /${sent.path.split(/[/?]/)[1]} ${sent.contentType ?? '-'} ${sizeClass(sent.body)} → ${answer.status}`;
      failureKinds[kind] = (failureKinds[kind] ?? 0) + 1;
    }
    report(`hostile input: ${answers.length} generated requests from ${CLIENTS} clients`, {
      statuses: statusCounts(answers.map(({ answer }) => answer)),
      'bodies over the limit cut off by the server closing (no status)': cutOff.length,
      'slowest answer (ms)': slowest(answers.map(({ answer }) => answer)),
      'rows expected from accepted requests': expected,
      'rows stored': stored,
      'HTML pages checked for escaping': pages.length,
      'failures by route, content type, body size and status': failureKinds,
      'first failures': failures.slice(0, 3).map(({ call: sent, answer }) => ({ method: sent.method, path: sent.path.slice(0, 80), 'body bytes': sent.body?.length, status: answer.status, body: answer.body.slice(0, 200) })),
    });

    expect(answers).toHaveLength(REQUESTS);
    expect(failures).toEqual([]);
    expect(stored).toEqual(expected);
    expect(unescaped.map(({ answer }) => answer.body.slice(0, 200))).toEqual([]);
  });

  it('sends hostile text back only as text: the form page it shows again keeps every value escaped', async () => {
    const base = running.server.base;
    // What a browser holds after opening the form: the CSRF cookie and the token of the page's hidden field.
    const formPage = await fetch(`${base}/form`, { headers: { accept: 'text/html' } });
    const cookie = (formPage.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const token = /name="_csrf" value="([^"]+)"/.exec(await formPage.text())?.[1] ?? '';
    const pages: string[] = [];
    for (const nasty of NASTY) {
      // A pet the form does not offer makes the page come back with the person's answers kept in its fields.
      const answer = await fetch(`${base}/form`, {
        method: 'POST',
        headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: token, name: nasty, favoriteColor: nasty, pet: 'parrots' }),
        redirect: 'manual',
      });
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
      pages.push(await answer.text());
    }
    const unescaped = pages.filter((page) => MARKUP.some((markup) => page.includes(markup)));
    report('hostile input shown again in the form page', { 'pages with hostile values': pages.length, unescaped: unescaped.length });

    expect(pages).toHaveLength(NASTY.length);
    expect(unescaped.map((page) => page.slice(0, 200))).toEqual([]);
    // The values are there, as text: escaped, not dropped.
    expect(pages.some((page) => page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'))).toBe(true);
  });
});
