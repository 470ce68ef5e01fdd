import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The OpenAPI document generated from the route schemas, checked against docs/api.md's table of paths. */
interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
}

/** Every documented API operation of docs/api.md (operational endpoints that are not API — /metrics, /docs — aside). */
const API_OPERATIONS = [
  ['get', '/'],
  ['get', '/-/healthy'],
  ['get', '/-/ready'],
  ['get', '/healthz'],
  ['get', '/version'],
  ['post', '/users'],
  ['get', '/users'],
  ['get', '/users/{id}'],
  ['post', '/visits'],
  ['get', '/stats'],
  ['get', '/form'],
  ['post', '/form'],
  ['get', '/submissions'],
  ['post', '/people'],
  ['get', '/people'],
  ['get', '/people/{id}'],
  ['put', '/people/{id}'],
  ['patch', '/people/{id}'],
  ['delete', '/people/{id}'],
] as const;

let testApp: TestApp;
let document: OpenApiDocument;

beforeAll(async () => {
  testApp = await startTestApp();
  const response = await testApp.app.inject({ method: 'GET', url: '/openapi.json' });
  expect(response.statusCode).toBe(200);
  document = response.json<OpenApiDocument>();
});

afterAll(async () => {
  await testApp?.close();
});

/** Every `$ref` in the document, wherever it sits. */
function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') found.push(inner);
      else refsIn(inner, found);
    }
  }
  return found;
}

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document for tally at the package version', async () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info).toEqual({ title: 'tally', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('is valid against the OpenAPI 3.1 specification', async () => {
    // validate() mutates what it is given (it dereferences), so it gets a copy.
    const validated = await SwaggerParser.validate(structuredClone(document) as never);
    expect(Object.keys(validated.paths ?? {})).toEqual(expect.arrayContaining(['/users', '/people/{id}']));
  });

  it('documents every operation of docs/api.md, each with its responses', () => {
    for (const [method, path] of API_OPERATIONS) {
      expect(document.paths[path]?.[method], `${method.toUpperCase()} ${path}`).toBeDefined();
      expect(Object.keys(document.paths[path]?.[method]?.responses ?? {}).length, `${method} ${path} responses`).toBeGreaterThan(0);
    }
  });

  it('hides the plumbing: /metrics and the document itself are not API operations', () => {
    expect(document.paths['/metrics']).toBeUndefined();
    expect(document.paths['/openapi.json']).toBeUndefined();
  });

  it('resolves every $ref to a schema the document defines', () => {
    const refs = refsIn(document.paths);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
      expect(name, ref).toBeDefined();
      expect(document.components?.schemas?.[name ?? ''], ref).toBeDefined();
    }
  });

  it('declares the admin bearer token', () => {
    expect(document.components?.securitySchemes?.adminToken).toEqual({ type: 'http', scheme: 'bearer' });
  });
});

describe('GET /docs', () => {
  it('serves the browsable page for the document', async () => {
    const page = await testApp.app.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('swagger');
  });
});
