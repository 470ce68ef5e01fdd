import { readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoPath } from './support/repo.js';
import { runCommand, stubBin } from './support/shell.js';

const commit = '0123456789abcdef0123456789abcdef01234567';
const digest = `sha256:${'ab'.repeat(32)}`;
const scripts = readdirSync(repoPath('ci')).filter((name) => name.endsWith('.sh')).map((name) => `ci/${name}`);

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'tally-ci-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Runs a ci/ script with stubbed docker/kubectl first on PATH; returns its result and the stub calls. */
async function withStubs(script: string, stubs: Record<string, string>, env: Record<string, string>) {
  const bin = await stubBin(stubs);
  const log = join(bin, 'calls.log');
  await writeFile(log, '');
  const result = await runCommand(script, [], { ...env, STUB_LOG: log, PATH: `${bin}:${process.env.PATH ?? ''}` });
  const calls = (await readFile(log, 'utf8')).split('\n').filter((line) => line !== '');
  await rm(bin, { recursive: true, force: true });
  return { ...result, calls };
}

describe('ci/ scripts', () => {
  it('pass shellcheck, deploy/bin/tally included', async () => {
    const result = await runCommand('shellcheck', ['--severity=style', ...scripts, 'deploy/bin/tally']);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('keeps the YAML it owns clean under yamllint', async () => {
    const result = await runCommand('ci/lint-yaml.sh', []);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('finds every delivery tool already installed (and installs nothing)', async () => {
    const result = await runCommand('ci/install-delivery-tools.sh', []);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('are present');
  });

  it('tags images with their commit, which no other build can reuse', async () => {
    const result = await runCommand('ci/image-tag.sh', [], { GIT_COMMIT: commit });
    expect(result).toMatchObject({ code: 0, stdout: `${commit}\n` });
    for (const bad of ['abc123', `${commit}; rm -rf /`, 'main']) {
      expect((await runCommand('ci/image-tag.sh', [], { GIT_COMMIT: bad })).code, bad).toBe(2);
    }
  });

  it('names migration Jobs as valid, release-specific DNS labels', async () => {
    const name = async (tag: string) => (await runCommand('ci/release-name.sh', [], { IMAGE_TAG: tag })).stdout.trim();
    expect(await name('1.4.0-87')).toBe('tally-migrate-1-4-0-87');
    expect(await name('2.0.0-RC.1-3')).toBe('tally-migrate-2-0-0-rc-1-3');
    const long = await name(`${'9'.repeat(70)}-1`);
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });

  it('builds the image with its one tag and the build metadata as build arguments', async () => {
    const pkg = JSON.parse(await readFile(repoPath('package.json'), 'utf8')) as { version: string };
    const { code, calls, stderr } = await withStubs('ci/build-image.sh', { docker: '' }, {
      IMAGE_REPOSITORY: 'registry.example.com/tally',
      IMAGE_TAG: commit,
      BUILD_NUMBER: '87',
      GIT_COMMIT: commit,
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(calls).toHaveLength(1);
    const call = calls[0] ?? '';
    for (const part of ['build', `--tag registry.example.com/tally:${commit}`, '--build-arg BUILD_NUMBER=87', `--build-arg GIT_COMMIT=${commit}`, `--build-arg VERSION=${pkg.version}`]) {
      expect(call).toContain(part);
    }
    expect(call.match(/--tag/g)).toHaveLength(1);
  });

  describe('push-image.sh', () => {
    const env = {
      IMAGE_REPOSITORY: 'registry.example.com/tally',
      IMAGE_TAG: commit,
      REGISTRY_USER: 'ci',
      REGISTRY_PASSWORD: 'secret-password',
    };
    // `docker image inspect` answers the repository digests, as after a push.
    const docker = `[[ "$1" == image ]] && printf 'other.example.com/tally@sha256:${'0'.repeat(64)}\\nregistry.example.com/tally@${digest}\\n'; [[ "$1" == push && -n "$PUSH_FAILS" ]] && exit 1; cat >/dev/null; true`;

    it('pushes after logging in through stdin, writes the pushed digest for deploys, and logs out', async () => {
      const ok = await withStubs('ci/push-image.sh', { docker }, env);
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      expect(ok.calls.filter((call) => !call.startsWith('docker image inspect'))).toEqual([
        'docker login --username ci --password-stdin registry.example.com',
        `docker push registry.example.com/tally:${commit}`,
        'docker logout registry.example.com',
      ]);
      expect(await readFile(repoPath('build/image-digest'), 'utf8')).toBe(`${digest}\n`);
      expect(ok.stdout).toContain(`registry.example.com/tally@${digest}`);
    });

    it('logs out even when the push fails, and writes no digest', async () => {
      await rm(repoPath('build/image-digest'), { force: true });
      const failing = await withStubs('ci/push-image.sh', { docker }, { ...env, PUSH_FAILS: '1' });
      expect(failing.code).not.toBe(0);
      expect(failing.calls.at(-1)).toBe('docker logout registry.example.com');
      await expect(readFile(repoPath('build/image-digest'), 'utf8')).rejects.toThrow();
    });
  });

  describe('migrate.sh', () => {
    const env = () => ({ RENDERED: join(work, 'r.yaml'), NAMESPACE: 'tally-staging', IMAGE_TAG: '1.4.0-87', MIGRATION_POLL_SECONDS: '0' });
    // (release-name.sh turns any tag into a Job name; a readable one keeps these expectations short.)
    // The stub answers `get job` with $JOB_STATE and `logs` with a line, like a cluster would.
    const kubectl = 'case "$3" in get) printf "%s" "$JOB_STATE";; logs) echo "[migrate] applied 1 migration";; esac';

    it('applies all but the server, waits for the release Job, prints its logs and succeeds', async () => {
      const { code, calls, stdout } = await withStubs('ci/migrate.sh', { kubectl }, { ...env(), JOB_STATE: 'Complete ' });
      expect(code).toBe(0);
      expect(calls).toContain(`kubectl --namespace tally-staging apply --filename ${env().RENDERED} --selector app.kubernetes.io/component!=server`);
      expect(calls).toContain('kubectl --namespace tally-staging logs job/tally-migrate-1-4-0-87 --all-containers=true --prefix=true');
      expect(stdout).toContain('applied 1 migration');
    });

    it('fails the deploy, with the logs, when the Job fails', async () => {
      const { code, calls, stderr, stdout } = await withStubs('ci/migrate.sh', { kubectl }, { ...env(), JOB_STATE: 'Failed ' });
      expect(code).toBe(1);
      expect(stderr).toContain('failed; the new version is not rolled out');
      expect(stdout).toContain('applied 1 migration');
      // A failed Job of the same release is deleted first, so a re-run really runs again.
      expect(calls).toContain('kubectl --namespace tally-staging delete job tally-migrate-1-4-0-87 --wait=true');
    });

    it('fails when the Job does not finish in time', async () => {
      const { code, stderr } = await withStubs('ci/migrate.sh', { kubectl }, { ...env(), JOB_STATE: '', MIGRATION_TIMEOUT_SECONDS: '1' });
      expect(code).toBe(1);
      expect(stderr).toContain('did not finish within 1s');
    });
  });

  describe('rollback.sh', () => {
    const env = { NAMESPACE: 'tally-production', IMAGE_REPOSITORY: 'registry.example.com/tally', IMAGE_DIGEST: digest };
    const kubectl = '[[ "$3" == get ]] && printf "%s" "$LIVE_IMAGE"; true';

    it('undoes the roll-out when the Deployment runs the failed release', async () => {
      const { code, calls } = await withStubs('ci/rollback.sh', { kubectl }, { ...env, LIVE_IMAGE: `registry.example.com/tally@${digest}` });
      expect(code).toBe(0);
      expect(calls).toContain('kubectl --namespace tally-production rollout undo deployment/tally');
      expect(calls.at(-1)).toBe('kubectl --namespace tally-production rollout status deployment/tally --timeout 300s');
    });

    it('leaves the last good release running when the failure came before the roll-out', async () => {
      const { code, calls, stdout } = await withStubs('ci/rollback.sh', { kubectl }, { ...env, LIVE_IMAGE: `registry.example.com/tally@sha256:${'1'.repeat(64)}` });
      expect(code).toBe(0);
      expect(calls.some((call) => call.includes('rollout undo'))).toBe(false);
      expect(stdout).toContain('nothing to undo');
    });
  });

  it('rolls out by applying everything and waiting for the Deployment', async () => {
    const { code, calls } = await withStubs('ci/rollout.sh', { kubectl: '' }, { RENDERED: 'build/x.yaml', NAMESPACE: 'tally-staging' });
    expect(code).toBe(0);
    expect(calls).toEqual([
      'kubectl --namespace tally-staging apply --filename build/x.yaml',
      'kubectl --namespace tally-staging rollout status deployment/tally --timeout 300s',
    ]);
  });

  it('validates with a server-side dry run', async () => {
    const { code, calls } = await withStubs('ci/validate-manifests.sh', { kubectl: '' }, { RENDERED: 'build/x.yaml', NAMESPACE: 'tally-staging' });
    expect(code).toBe(0);
    expect(calls).toEqual(['kubectl --namespace tally-staging apply --dry-run=server --filename build/x.yaml']);
  });

  describe('smoke-check.sh', () => {
    const env = { NAMESPACE: 'tally-staging', IMAGE_TAG: commit, SMOKE_ATTEMPTS: '2', SMOKE_LOCAL_PORT: '18999' };
    // exec: the port-forward stub must be the process smoke-check.sh kills on exit.
    const kubectl = 'exec sleep 30';
    const curl = 'case "${*: -1}" in */-/ready) exit "${READY_EXIT:-0}";; */version) printf "%s" "$VERSION_JSON";; esac';

    it('passes when /-/ready answers and /version reports the deployed commit', async () => {
      const { code, stdout } = await withStubs('ci/smoke-check.sh', { kubectl, curl }, { ...env, VERSION_JSON: `{"version":"1.4.0","build":"87","commit":"${commit}"}` });
      expect(stdout).toContain(`${commit} is live`);
      expect(code).toBe(0);
    });

    it('fails when the old release still answers', async () => {
      const { code, stderr } = await withStubs('ci/smoke-check.sh', { kubectl, curl }, { ...env, VERSION_JSON: `{"version":"1.4.0","build":"86","commit":"${'f'.repeat(40)}"}` });
      expect(code).toBe(1);
      expect(stderr).toContain(`expected commit ${commit}`);
    });

    it('fails when the release never becomes ready', async () => {
      const { code, stderr } = await withStubs('ci/smoke-check.sh', { kubectl, curl }, { ...env, READY_EXIT: '22' });
      expect(code).toBe(1);
      expect(stderr).toContain('did not answer 200');
    });
  });

  it('refuses to render an unknown environment or a malformed tag', async () => {
    const base = { IMAGE_REPOSITORY: 'registry.example.com/tally', RENDERED: join(work, 'x.yaml') };
    const environment = await runCommand('ci/render.sh', [], { ...base, ENVIRONMENT: 'qa', IMAGE_TAG: commit, IMAGE_DIGEST: digest });
    expect(environment.code).toBe(2);
    expect(environment.stderr).toContain("unknown ENVIRONMENT 'qa'");
    const tag = await runCommand('ci/render.sh', [], { ...base, ENVIRONMENT: 'development', IMAGE_TAG: '../x', IMAGE_DIGEST: digest });
    expect(tag.code).toBe(2);
  });
});
