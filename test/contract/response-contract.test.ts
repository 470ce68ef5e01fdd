import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { braund as person } from '../core/people/person-fixtures.js';
import { type FormSession, formSession } from '../support/form-session.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../support/test-app.js';

/**
 * Replays generated requests against every operation of /openapi.json and checks each answer against the
 * document: its status must be declared, its media type declared for that status, its body valid against that
 * media type's schema. OpenAPI 3.1 schemas are JSON Schema 2020-12, so they are checked by Ajv's 2020 dialect
 * on the document as swagger-parser validated and dereferenced it.
 */

interface MediaType {
  schema?: object;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
}
interface Operation {
  responses: Record<string, ResponseObject>;
  requestBody?: { content: Record<string, MediaType> };
  security?: unknown[];
  parameters?: { in: string; name: string; schema?: { minimum?: number } }[];
}
type Document = { paths: Record<string, Record<string, Operation>> };

const BODY_LIMIT_BYTES = 2048;
const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const missingId = '00000000-0000-7000-8000-000000000999';

/** A valid body for each operation that reads one; an operation missing here fails the test, so none is skipped. */
const VALID_BODIES: Record<string, unknown> = {
  'post /users': { username: 'contract', email: 'contract@example.com' },
  'post /user': { username: 'contract2', email: 'contract2@example.com' },
  'post /visits': { visitor: 'contract' },
  'post /form': { name: 'Ada', favoriteColor: 'teal', pet: 'cats' },
  'post /people': person,
  'put /people/{id}': { name: 'Alex' },
  'patch /people/{id}': { survived: null, age: 23 },
};

let testApp: TestApp;
let document: Document;

beforeAll(async () => {
  // A low body limit so that a "too large" body stays small; rate limiting on, so that 429 is declared.
  testApp = await startTestApp({ BODY_LIMIT_BYTES: String(BODY_LIMIT_BYTES), RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
  const raw = (await testApp.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  document = (await SwaggerParser.validate(raw)) as unknown as Document;
});

afterAll(async () => {
  await testApp?.close();
});

/** The id of a person, user or submission that exists, for the routes whose path names one. */
async function existingIds(): Promise<Record<string, string>> {
  const { app } = testApp;
  const created = await app.inject({ method: 'POST', url: '/people', headers: admin, payload: person });
  const user = await app.inject({ method: 'POST', url: '/users', payload: { username: 'owner', email: 'owner@example.com' } });
  return { '/people/{id}': created.json().id, '/users/{id}': user.json().id, '/user/{id}': user.json().id };
}

/** A page: some answer of the operation is HTML, so browsers navigate to it, asking for HTML. */
function isPage(operation: Operation): boolean {
  return Object.values(operation.responses).some((response) => response.content?.['text/html'] !== undefined);
}

/** What the replay needs beyond the document: ids that exist, and a browser's CSRF cookie and token from the form. */
interface Context {
  readonly ids: Record<string, string>;
  readonly browser: FormSession;
}

/**
 * Every request the replay sends to one operation: valid, bodiless with or without a JSON type, broken,
 * anonymous, unknown, out of range; and, on pages, as a browser: navigating, and posting a form with and without
 * its CSRF token.
 */
function requestsFor(method: string, path: string, operation: Operation, { ids, browser }: Context): InjectOptions[] {
  const key = `${method} ${path}`;
  const url = path.replace('{id}', ids[path] ?? missingId);
  const headers = operation.security ? admin : {};
  const upper = method.toUpperCase() as InjectOptions['method'];
  const requests: InjectOptions[] = [
    { method: upper, url, headers: { ...headers, 'content-type': 'application/json' } },
    { method: upper, url, headers: { ...headers, accept: 'application/json' } },
  ];
  if (operation.requestBody) {
    const body = VALID_BODIES[key];
    expect(body, `a valid body for ${key} in VALID_BODIES`).toBeDefined();
    for (const mediaType of Object.keys(operation.requestBody.content).filter((type) => type.includes('json'))) {
      const json = { ...headers, 'content-type': mediaType };
      requests.push(
        { method: upper, url, headers: json, payload: JSON.stringify(body) },
        { method: upper, url, headers: json, payload: JSON.stringify({ unknownField: 1 }) },
        { method: upper, url, headers: json, payload: '{"broken json' },
        { method: upper, url, headers: json, payload: JSON.stringify({ padding: 'x'.repeat(BODY_LIMIT_BYTES) }) },
      );
    }
    if ('application/x-www-form-urlencoded' in operation.requestBody.content) {
      const form = { ...headers, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' };
      const encoded = (fields: object) => new URLSearchParams(fields as Record<string, string>).toString();
      const withToken = (fields: object) => encoded({ ...fields, _csrf: browser.token });
      const session = { ...form, cookie: browser.cookie };
      requests.push(
        { method: upper, url, headers: session, payload: withToken(body as object) },
        { method: upper, url, headers: session, payload: withToken({ unknownField: 1 }) },
        { method: upper, url, headers: session, payload: withToken({ padding: 'x'.repeat(BODY_LIMIT_BYTES) }) },
        { method: upper, url, headers: form, payload: encoded(body as object) },
      );
    }
    requests.push({ method: upper, url, headers: { ...headers, 'content-type': 'text/plain' }, payload: 'plain text' });
  }
  if (isPage(operation)) requests.push({ method: upper, url, headers: { ...headers, accept: 'text/html' } });
  if (operation.security) requests.push({ method: upper, url, headers: { 'content-type': 'application/json' } });
  if (path.includes('{id}')) requests.push({ method: upper, url: path.replace('{id}', missingId), headers });
  if (operation.parameters?.some((parameter) => parameter.in === 'query' && parameter.name === 'limit')) {
    requests.push({ method: upper, url: `${url}?limit=1`, headers });
  }
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in !== 'query' || parameter.schema?.minimum === undefined) continue;
    const below = `${url}?${parameter.name}=${parameter.schema.minimum - 1}`;
    requests.push({ method: upper, url: below, headers });
    if (isPage(operation)) requests.push({ method: upper, url: below, headers: { ...headers, accept: 'text/html' } });
  }
  return requests;
}

/** Why a response breaks the document, or undefined when the document describes it. */
function breach(operation: Operation, response: LightMyRequestResponse, validators: Map<object, ValidateFunction>): string | undefined {
  const status = String(response.statusCode);
  const declared = operation.responses[status] ?? operation.responses[`${status[0]}XX`] ?? operation.responses.default;
  if (declared === undefined) return `status ${status} is not declared (declared: ${Object.keys(operation.responses).join(', ')}): ${response.body.slice(0, 300)}`;
  const mediaType = String(response.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
  const content = declared.content ?? {};
  if (response.body === '') return Object.keys(content).length === 0 ? undefined : `status ${status} has no body but declares one`;
  const media = content[mediaType];
  if (media === undefined) return `status ${status} sent ${mediaType || 'no media type'}, declared: ${Object.keys(content).join(', ') || 'no body'}`;
  if (media.schema === undefined || !mediaType.includes('json')) return undefined;
  let validate = validators.get(media.schema);
  if (validate === undefined) {
    validate = ajv.compile(media.schema);
    validators.set(media.schema, validate);
  }
  return validate(response.json()) ? undefined : `status ${status} body: ${ajv.errorsText(validate.errors)}`;
}

// strict: false — the document carries OpenAPI's own keywords beside JSON Schema's (e.g. `example`, `xml`).
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);

describe('every response matches /openapi.json', () => {
  it('replays generated requests on every operation; each status, media type and body is declared', async () => {
    const context = { ids: await existingIds(), browser: await formSession(testApp.app) };
    const validators = new Map<object, ValidateFunction>();
    const breaches: string[] = [];
    const statuses = new Set<string>();
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const key = `${method} ${path}`;
        for (const request of requestsFor(method, path, operation, context)) {
          const response = await testApp.app.inject(request);
          statuses.add(`${key} ${response.statusCode}`);
          const problem = breach(operation, response, validators);
          if (problem) breaches.push(`${request.method} ${request.url} (${String(request.headers?.['content-type'] ?? '-')}): ${problem}`);
        }
      }
    }
    expect(breaches).toEqual([]);
    // The replay reached successes and failures alike, not only one kind.
    const reached = ['post /people 201', 'patch /people/{id} 200', 'put /people/{id} 404', 'post /users 413', 'post /people 415', 'delete /people/{id} 204'];
    const pages = ['get / 200', 'get / 400', 'get /form 200', 'post /form 303', 'post /form 400', 'post /form 403', 'post /form 413'];
    for (const expected of [...reached, ...pages]) {
      expect(statuses).toContain(expected);
    }
  });

  it('is a check that can fail: an undeclared status, media type or body shape is caught', async () => {
    const validators = new Map<object, ValidateFunction>();
    const operation = document.paths['/people/{id}']?.get as Operation;
    const fake = (statusCode: number, contentType: string, body: string) =>
      ({ statusCode, headers: { 'content-type': contentType }, body, json: () => JSON.parse(body) }) as unknown as LightMyRequestResponse;
    expect(breach(operation, fake(418, 'application/json', '{}'), validators)).toMatch(/status 418 is not declared/);
    expect(breach(operation, fake(404, 'text/html', '<p>'), validators)).toMatch(/sent text\/html/);
    expect(breach(operation, fake(200, 'application/json', '{"id":1}'), validators)).toMatch(/body/);
  });
});
