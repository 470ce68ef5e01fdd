import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** `npm test`'s pretest step, run as a fresh machine would: a PATH with node and nothing else. */
const script = new URL('../../scripts/check-test-prerequisites.mjs', import.meta.url).pathname;
let bareBin: string;

beforeAll(async () => {
  bareBin = await mkdtemp(join(tmpdir(), 'tally-bare-path-'));
  await symlink(process.execPath, join(bareBin, 'node'));
});
afterAll(async () => {
  await rm(bareBin, { recursive: true, force: true });
});

function check(env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, [script], { env: { ...env, PATH: env.PATH ?? process.env.PATH }, encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

describe('npm test prerequisites', () => {
  it('pass silently on a machine that has everything (this one)', () => {
    expect(check({ ...process.env })).toEqual({ status: 0, stderr: '' });
  });

  it('name everything missing in one message, with the command that installs it, and fail', () => {
    const { status, stderr } = check({ PATH: bareBin, TEST_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/postgres' });
    expect(status).toBe(1);
    expect(stderr).toMatch(/^npm test: these prerequisites are missing, so no test was run:\n/);
    for (const tool of ['groovy', 'java', 'shellcheck', 'yamllint', 'kubectl', 'promtool', 'prometheus', 'chromium']) expect(stderr).toContain(`  - ${tool} (for `);
    // Where Docker runs (a Jenkins agent), testcontainers provides PostgreSQL, so it is not missing there.
    if (!existsSync('/var/run/docker.sock')) {
      expect(stderr).toContain('PostgreSQL 15+: no PostgreSQL answers at postgres://postgres@127.0.0.1:1/postgres');
    }
    expect(stderr).toMatch(/apt-get install -y groovy default-jre-headless shellcheck yamllint prometheus chromium\n/);
    expect(stderr).toContain('kubectl is not packaged by Debian');
  });
});
