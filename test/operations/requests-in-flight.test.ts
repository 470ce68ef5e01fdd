import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../support/problem.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let testApp: TestApp;
/** Requests to /held wait here until the test lets them go. */
const held: (() => void)[] = [];

beforeAll(async () => {
  testApp = await startTestApp(
    { OVERLOAD_MAX_REQUESTS_IN_FLIGHT: '2' },
    {
      routes: (app) => {
        app.get('/held', () => new Promise<object>((resolve) => held.push(() => resolve({}))));
      },
    },
  );
});

afterAll(async () => {
  for (const release of held) release();
  await testApp?.close();
});

async function untilHeld(count: number): Promise<void> {
  while (held.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('the bound on requests in flight (OVERLOAD_MAX_REQUESTS_IN_FLIGHT)', () => {
  it('answers a request above the bound at once with 503 problem+json and Retry-After, and serves again once one ends', async () => {
    const first = testApp.app.inject({ method: 'GET', url: '/held' });
    const second = testApp.app.inject({ method: 'GET', url: '/held' });
    await untilHeld(2);

    const refused = await testApp.app.inject({ method: 'GET', url: '/users' });
    expectProblem(refused, 503);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    const liveness = await testApp.app.inject({ method: 'GET', url: '/-/healthy' });
    expect(liveness.statusCode).toBe(200);

    held.shift()?.();
    expect((await first).statusCode).toBe(200);
    expect((await testApp.app.inject({ method: 'GET', url: '/users' })).statusCode).toBe(200);
    held.shift()?.();
    expect((await second).statusCode).toBe(200);
  });

});
