import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { parseManifests } from './support/kubernetes-objects.js';
import { repoPath } from './support/repo.js';

interface IngressPath {
  path: string;
  pathType: 'Exact' | 'Prefix';
}

const [ingress] = parseManifests(readFileSync(repoPath('deploy/k8s/base/ingress.yaml'), 'utf8'));
const routed: IngressPath[] = (ingress?.spec as { rules: { http: { paths: IngressPath[] } }[] }).rules.flatMap((rule) => rule.http.paths);

/** Kubernetes' matching: Exact compares the whole path, Prefix compares whole `/`-separated elements. */
function reachable(path: string): boolean {
  return routed.some(({ path: rule, pathType }) =>
    pathType === 'Exact' ? path === rule : path === rule || path.startsWith(rule.endsWith('/') ? rule : `${rule}/`),
  );
}

let testApp: TestApp;
beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(async () => {
  await testApp?.close();
});

/** The paths of this site that a page's HTML loads (stylesheet, icon) or links to, as a browser will ask for them. */
async function localPathsOf(page: string): Promise<string[]> {
  const html = (await testApp.app.inject({ url: page, headers: { accept: 'text/html' } })).body;
  return [...html.matchAll(/\b(?:href|src)="(\/(?!\/)[^"]*)"/g)].map((found) => new URL(found[1] as string, 'http://tally.test').pathname);
}

describe('what the public Ingress routes', () => {
  it('routes every path of the public API (the OpenAPI document) and the pages', async () => {
    const document = (await testApp.app.inject({ url: '/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    const paths = Object.keys(document.paths).map((path) => path.replace(/\{[^}]+\}/g, 'x'));
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.filter((path) => !reachable(path))).toEqual([]);
    for (const page of ['/', '/form', '/openapi.json']) expect(reachable(page), page).toBe(true);
  });

  it('routes every file the pages load and every page they link to, and /favicon.ico, which browsers ask for by name', async () => {
    const paths = new Set([...(await localPathsOf('/')), ...(await localPathsOf('/form')), '/favicon.ico']);
    expect([...paths]).toEqual(expect.arrayContaining([expect.stringMatching(/^\/assets\/tally\.[0-9a-f]+\.css$/), '/favicon.svg', '/form']));
    for (const path of paths) {
      expect((await testApp.app.inject({ url: path })).statusCode, path).toBeLessThan(400);
      expect(reachable(path), path).toBe(true);
    }
  });

  it('does not route /metrics or /docs, which the app does serve, nor a lookalike path', async () => {
    for (const path of ['/metrics', '/docs', '/docs/static/index.html']) {
      expect((await testApp.app.inject({ url: path })).statusCode, path).not.toBe(404);
      expect(reachable(path), path).toBe(false);
    }
    expect(reachable('/usersx')).toBe(false);
    expect(reachable('/metrics/')).toBe(false);
  });
});
