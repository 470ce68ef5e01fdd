import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * podman as this machine allows it (../shared/STACK.md): runc, because the VM's cgroups mode is one crun
 * refuses; fixed ulimits, because raising them is forbidden; the host's network, to reach the local PostgreSQL.
 */
const RUNTIME = ['--runtime', 'runc'];
export const RUN_OPTIONS = ['--network=host', '--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024'];

/** The hardening every tally container gets here, as in deploy/k8s: uid 1000, read-only root, no capabilities. */
export const HARDENED = ['--user', '1000:1000', '--read-only', '--tmpfs', '/tmp', '--cap-drop=all', '--security-opt', 'no-new-privileges'];

export interface PodmanResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `podman ARGS`; answers its exit code and output instead of throwing, so a test can assert on both. */
export async function podman(args: readonly string[]): Promise<PodmanResult> {
  try {
    const { stdout, stderr } = await run('podman', [...RUNTIME, ...args], { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number | string; stdout?: string; stderr?: string };
    return { code: typeof failure.code === 'number' ? failure.code : -1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' };
  }
}

/** Like podman(), but a non-zero exit is an error that shows podman's own complaint. */
export async function podmanOk(args: readonly string[]): Promise<string> {
  const result = await podman(args);
  if (result.code !== 0) throw new Error(`podman ${args.join(' ')} exited ${result.code}: ${result.stderr}${result.stdout}`);
  return result.stdout.trim();
}

/** `-e NAME=value` for each entry. */
export function envArgs(env: Record<string, string>): string[] {
  return Object.entries(env).flatMap(([name, value]) => ['-e', `${name}=${value}`]);
}

/** The images this run tests, handed over by ci/test-image.sh. */
export function imagesUnderTest() {
  const required = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run the image tests with npm run test:image (ci/test-image.sh)`);
    return value;
  };
  return {
    image: required('TALLY_TEST_IMAGE'),
    base: required('TALLY_TEST_BASE_IMAGE'),
    buildNumber: required('TALLY_TEST_BUILD_NUMBER'),
    commit: required('TALLY_TEST_COMMIT'),
  };
}
