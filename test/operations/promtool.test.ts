import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** `promtool check metrics` (Debian package `prometheus`) reads an exposition on stdin; exit 0 means no finding. */
function promtoolCheck(exposition: string) {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

let testApp: TestApp;
beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(async () => {
  await testApp?.close();
});

describe('/metrics against promtool check metrics', () => {
  it('passes with no finding, after traffic on every kind of route has created its series', async () => {
    const { app } = testApp;
    await app.inject({ method: 'POST', url: '/users', payload: { username: 'ada', email: 'ada@example.com' } });
    await app.inject({ method: 'POST', url: '/users', payload: { username: '' } });
    await app.inject({ method: 'POST', url: '/visits', payload: {} });
    await app.inject({ method: 'GET', url: '/' });
    await app.inject({ method: 'POST', url: '/form', payload: { name: 'Ada', favoriteColor: 'teal', pet: 'cats' } });
    await app.inject({ method: 'GET', url: '/no/such/page' });
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('# TYPE nodejs_active_handles gauge');

    expect(promtoolCheck(metrics.body)).toEqual({ status: 0, output: '' });
  });

  it('is a check that can fail: promtool flags a gauge named like a counter', () => {
    const result = promtoolCheck('# HELP x_total a gauge\n# TYPE x_total gauge\nx_total 1\n');
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/non-counter metrics should not have "_total" suffix/);
  });
});
