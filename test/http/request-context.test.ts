import { type EntityManager, RequestContext } from '@mikro-orm/core';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserEntity } from '../../adapters/persistence/entities/user-entity.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** What a test-only route saw of MikroORM's request context, before and after its body's awaits. */
interface Observed {
  n: number;
  contextEm: number | null;
  globalResolvesTo: number | null;
  afterAwaitEm: number | null;
  queried: boolean;
}

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp(
    {},
    {
      routes(app, database) {
        const observe = async (n: number): Promise<Observed> => {
          const contextEm: EntityManager | undefined = RequestContext.getEntityManager();
          const observedId = contextEm?.id ?? null;
          const globalResolvesTo = contextEm === undefined ? null : database.em.id;
          // Let concurrent requests interleave, then prove the context survived the awaits and a real query.
          await sleep(20);
          const rows = await database.em.execute('select 1 as one');
          return {
            n,
            contextEm: observedId,
            globalResolvesTo,
            afterAwaitEm: RequestContext.getEntityManager()?.id ?? null,
            queried: rows.length === 1,
          };
        };
        app.post<{ Body: { n: number } }>(
          '/test/context',
          {
            schema: {
              body: {
                type: 'object',
                additionalProperties: false,
                required: ['n'],
                properties: { n: { type: 'integer' } },
              },
            },
          },
          (request) => observe(request.body.n),
        );
        app.get<{ Querystring: { n: number } }>(
          '/test/context',
          { schema: { querystring: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] } } },
          (request) => observe(request.query.n),
        );
      },
    },
  );
});

afterAll(async () => {
  await testApp?.close();
});

/**
 * POSTs over a real socket, sending the body a moment after the headers: the body then arrives in socket events
 * outside any context set before parsing, which is exactly where an AsyncLocalStorage context gets lost.
 */
async function postOverSocket(port: number, body: string): Promise<{ status: number; json: Observed }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/test/context',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, json: JSON.parse(text) as Observed }));
      },
    );
    request.on('error', reject);
    request.flushHeaders();
    setTimeout(() => request.end(body), 30);
  });
}

/** The global EntityManager's own id, read here outside any request context. */
function globalEmId(): number {
  return testApp.database.em.id;
}

function expectOwnFork(observed: Observed, n: number): void {
  expect(observed.n).toBe(n);
  expect(observed.contextEm).not.toBeNull();
  expect(observed.contextEm).not.toBe(globalEmId());
  // Inside the request, the global EntityManager (what the repositories hold) resolves to the request's fork.
  expect(observed.globalResolvesTo).toBe(observed.contextEm);
  expect(observed.afterAwaitEm).toBe(observed.contextEm);
  expect(observed.queried).toBe(true);
}

describe('the request context', () => {
  it('gives a POST with a JSON body its own EntityManager fork, kept across body parsing and awaits', async () => {
    const response = await testApp.app.inject({ method: 'POST', url: '/test/context', payload: { n: 1 } });

    expect(response.statusCode).toBe(200);
    expectOwnFork(response.json<Observed>(), 1);
  });

  it('keeps the fork when the JSON body arrives over a real socket after the headers', async () => {
    const address = await testApp.app.listen({ host: '127.0.0.1', port: 0 });
    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { port } = testApp.app.server.address() as AddressInfo;

    const answers = await Promise.all([10, 11, 12].map((n) => postOverSocket(port, JSON.stringify({ n }))));

    answers.forEach(({ status, json }, index) => {
      expect(status).toBe(200);
      expectOwnFork(json, 10 + index);
    });
    expect(new Set(answers.map(({ json }) => json.contextEm)).size).toBe(3);
  });

  it('gives a GET its own EntityManager fork', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/test/context?n=2' });

    expect(response.statusCode).toBe(200);
    expectOwnFork(response.json<Observed>(), 2);
  });

  it('gives every one of 50 concurrent requests (JSON POSTs and GETs) a fork of its own', async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, n) =>
        n % 2 === 0
          ? testApp.app.inject({ method: 'POST', url: '/test/context', payload: { n } })
          : testApp.app.inject({ method: 'GET', url: `/test/context?n=${n}` }),
      ),
    );

    const observed = responses.map((response) => {
      expect(response.statusCode).toBe(200);
      return response.json<Observed>();
    });
    observed.forEach((each, n) => expectOwnFork(each, n));
    expect(new Set(observed.map((each) => each.contextEm)).size).toBe(50);
  });

  it('leaves no context behind after a request', async () => {
    await testApp.app.inject({ method: 'POST', url: '/test/context', payload: { n: 3 } });

    expect(RequestContext.getEntityManager()).toBeUndefined();
  });

  it('makes the global EntityManager refuse work outside a request context (allowGlobalContext: false)', async () => {
    expect(() => testApp.database.em.getContext()).toThrow(/global EntityManager/);
    await expect(testApp.database.em.find(UserEntity, {})).rejects.toThrow(/global EntityManager/);
  });

  it('lets the real routes work with the database through their fork', async () => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/users',
      payload: { username: 'contextual', email: 'contextual@example.com' },
    });

    expect(response.statusCode).toBe(201);
    const fetched = await testApp.app.inject({ method: 'GET', url: String(response.headers.location) });
    expect(fetched.json()).toEqual(response.json());
  });
});
