import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../support/problem.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp({ BUILD_NUMBER: '1234', GIT_COMMIT: '0123456789abcdef' });
});

afterAll(async () => {
  await testApp?.close();
});

function get(url: string) {
  return testApp.app.inject({ method: 'GET', url });
}

describe('while serving', () => {
  it('answers liveness /-/healthy with 200 {}', async () => {
    const response = await get('/-/healthy');

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({});
  });

  it.each(['/-/ready', '/healthz'])('answers %s with 200 {} when the database answers and is migrated', async (path) => {
    const response = await get(path);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({});
  });

  it('answers /version with the package version, the CI build number and the commit', async () => {
    const response = await get('/version');

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ version: '1.0.0', build: '1234', commit: '0123456789abcdef' });
  });

  it('serves an OpenAPI 3.1 document generated from the routes, listing /users', async () => {
    const response = await get('/openapi.json');

    expect(response.statusCode).toBe(200);
    const document = response.json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(document.paths['/users'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(document.paths['/users/{id}']).toHaveProperty('get');
    expect(document.paths).toHaveProperty(['/visits', 'post']);
    expect(document.paths).toHaveProperty(['/form', 'post']);
  });

  it('answers an unknown route with a 404 problem', async () => {
    const response = await get('/no/such/route?x=1');

    const problem = expectProblem(response, 404);
    expect(problem.detail).toContain('/no/such/route');
    expect(problem.detail).not.toContain('x=1');
  });
});

describe('once shutdown has begun', () => {
  beforeAll(() => {
    testApp.shutdown.begin();
  });

  it.each(['/-/ready', '/healthz'])('answers %s with 503 and the reason', async (path) => {
    const response = await get(path);

    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ reason: expect.stringMatching(/shut/i) });
  });

  it('still answers liveness with 200, so the orchestrator does not kill a draining process', async () => {
    const response = await get('/-/healthy');

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({});
  });

  it('asks every client to close its connection, so none sends its next request down one about to close', async () => {
    for (const path of ['/-/healthy', '/users', '/no-such-route']) {
      expect((await get(path)).headers.connection).toBe('close');
    }
  });
});
