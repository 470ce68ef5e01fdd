import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { startTestApp, type TestApp } from '../support/test-app.js';
import { runTallyProcess } from './support/tally-process.js';

/** The version as CI stamps it: BUILD_NUMBER and GIT_COMMIT from the environment (baked into the image). */
const CI = { BUILD_NUMBER: '1234', GIT_COMMIT: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432' };
let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp(CI);
});

afterAll(async () => {
  await testApp?.close();
});

describe('the version, build and commit', () => {
  it('GET /version answers them', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/version' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ version: packageJson.version, build: CI.BUILD_NUMBER, commit: CI.GIT_COMMIT });
  });

  it('the home page footer shows them', async () => {
    const page = await testApp.app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`tally ${packageJson.version} · build ${CI.BUILD_NUMBER} · commit ${CI.GIT_COMMIT}`);
  });

  it('`tally version` prints them, and --json gives them as an object (the built binary)', async () => {
    const human = await runTallyProcess(['version'], CI);
    expect(human.code).toBe(0);
    expect(human.stdout).toBe(`tally ${packageJson.version} (build ${CI.BUILD_NUMBER}, commit ${CI.GIT_COMMIT})\n`);

    const json = await runTallyProcess(['version', '--json'], CI);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ version: packageJson.version, build: CI.BUILD_NUMBER, commit: CI.GIT_COMMIT });
  });
});
