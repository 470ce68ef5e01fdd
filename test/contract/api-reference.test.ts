import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * docs/api.md is the prose reference; /openapi.json is the truth. Every operation of the document has one row in
 * docs/api.md naming exactly its declared statuses (in bold), and every row names an operation of the document.
 */
type Document = { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };

/** `/user` is the older path of `/users`, documented once in prose as an alias. */
const ALIAS = /^\/user(?=\/|$)/;

let testApp: TestApp;
let document: Document;
let reference: string;

beforeAll(async () => {
  // Rate limiting on, as it is by default, so that the 429 of writes is declared.
  testApp = await startTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '120' });
  document = (await testApp.app.inject({ method: 'GET', url: '/openapi.json' })).json<Document>();
  reference = await readFile(new URL('../../docs/api.md', import.meta.url), 'utf8');
});

afterAll(async () => {
  await testApp?.close();
});

/** `METHOD /path` → the statuses in bold on its row of a table in docs/api.md. */
function referenceRows(markdown: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of markdown.split('\n')) {
    const match = /^\| `(GET|POST|PUT|PATCH|DELETE) ([^`?\s]+)[^`]*`(.*)$/.exec(line);
    if (!match) continue;
    const statuses = [...(match[3] ?? '').matchAll(/\*\*(\d{3})\*\*/g)].map((found) => found[1] as string);
    rows.set(`${match[1]} ${match[2]}`, statuses.sort());
  }
  return rows;
}

function documentOperations(doc: Document): Map<string, string[]> {
  const operations = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      operations.set(`${method.toUpperCase()} ${path}`, Object.keys(operation.responses).sort());
    }
  }
  return operations;
}

describe('docs/api.md', () => {
  it('has a row for every operation of /openapi.json with exactly its statuses, and no row the document lacks', () => {
    const rows = referenceRows(reference);
    const operations = documentOperations(document);
    const primary = new Map([...operations].filter(([key]) => !ALIAS.test(key.split(' ')[1] ?? '')));
    expect(rows.size).toBeGreaterThan(10);
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(primary));
  });

  it('documents /user once, as an alias: its operations answer exactly as those of /users', () => {
    const operations = documentOperations(document);
    const aliases = [...operations].filter(([key]) => ALIAS.test(key.split(' ')[1] ?? ''));
    expect(aliases.length).toBeGreaterThan(0);
    for (const [key, statuses] of aliases) {
      const [method, path] = key.split(' ') as [string, string];
      expect(operations.get(`${method} ${path.replace(ALIAS, '/users')}`), key).toEqual(statuses);
    }
    expect(reference).toContain('`/user` answers exactly as `/users`');
  });
});
