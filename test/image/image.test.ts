import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitForStatus } from '../cli/free-port.js';
import { repoPath } from '../delivery/support/repo.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { parse } from 'yaml';
import { envArgs, HARDENED, imagesUnderTest, podman, podmanOk, RUN_OPTIONS } from './support/podman.js';

/**
 * The image that ci/test-image.sh built with podman from the Dockerfile, on a local Node base (no registry
 * here), listed and then run as Kubernetes runs it: uid 1000, read-only root, no capabilities, against a fresh
 * database on the local PostgreSQL.
 */
const { image, base, buildNumber, commit } = imagesUnderTest();
const MB = 1024 * 1024;
const VISITOR_SALT = 'image-test-visitor-salt-0123456789';
const ADMIN_TOKEN = 'image-test-admin-token-0123456789abcdef';

let database: TestDatabase;
let secretsDir: string;
const containers: string[] = [];

/** Secrets reach the container as files (`X_FILE`), never as environment values. */
function secretMounts(): string[] {
  return [
    '-v', `${secretsDir}:/run/secrets:ro`,
    '-e', 'VISITOR_SALT_FILE=/run/secrets/visitor_salt',
    '-e', 'ADMIN_TOKEN_FILE=/run/secrets/admin_token',
  ];
}

function name(role: string): string {
  const container = `tally-image-test-${role}-${process.pid}`;
  containers.push(container);
  return container;
}

beforeAll(async () => {
  database = await createTestDatabase();
  secretsDir = mkdtempSync(join(tmpdir(), 'tally-image-secrets-'));
  // The container's uid 1000 reads them, as a Secret volume with fsGroup gives it.
  chmodSync(secretsDir, 0o755);
  writeFileSync(join(secretsDir, 'visitor_salt'), `${VISITOR_SALT}\n`, { mode: 0o444 });
  writeFileSync(join(secretsDir, 'admin_token'), `${ADMIN_TOKEN}\n`, { mode: 0o444 });
  // The local server trusts local connections: the compose services' password file may be empty.
  writeFileSync(join(secretsDir, 'postgres_password'), '', { mode: 0o444 });
});

afterAll(async () => {
  for (const container of containers) await podman(['rm', '--force', '--ignore', container]);
  await database?.drop();
  if (secretsDir) rmSync(secretsDir, { recursive: true, force: true });
});

describe('what the image holds', () => {
  let root: string;
  beforeAll(async () => {
    root = await podmanOk(['image', 'mount', image]);
  });
  afterAll(async () => {
    await podman(['image', 'unmount', image]);
  });

  it('has no npm, npx, corepack or yarn: the package managers were build tools', () => {
    for (const path of ['usr/local/lib/node_modules/npm', 'usr/local/bin/npm', 'usr/local/bin/npx', 'usr/local/bin/corepack', 'usr/local/bin/yarn']) {
      expect(existsSync(join(root, path)), path).toBe(false);
    }
    expect(existsSync(join(root, 'usr/local/bin/node'))).toBe(true);
  });

  it('has no compiler: no C toolchain and no TypeScript', () => {
    for (const dir of ['usr/bin', 'usr/local/bin']) {
      const tools = readdirSync(join(root, dir));
      expect(tools.filter((tool) => /^(gcc|g\+\+|cc|c\+\+|clang|make|tsc)(-[\d.]+)?$/.test(tool)), dir).toEqual([]);
    }
    expect(existsSync(join(root, 'app/node_modules/typescript'))).toBe(false);
  });

  it('has no package that only development needs (every "dev" entry of package-lock.json is absent)', () => {
    const lock = JSON.parse(readFileSync(repoPath('package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const devOnly = Object.entries(lock.packages).filter(([path, entry]) => path !== '' && entry.dev === true);
    expect(devOnly.length).toBeGreaterThan(100);
    expect(devOnly.map(([path]) => path).filter((path) => existsSync(join(root, 'app', path)))).toEqual([]);
    // And what production needs is there.
    expect(existsSync(join(root, 'app/node_modules/fastify/package.json'))).toBe(true);
  });

  it('holds the compiled application and nothing of the repository besides: no test, source or config file', () => {
    expect(readdirSync(join(root, 'app')).sort()).toEqual(['deploy', 'dist', 'node_modules', 'package.json']);
    expect(readdirSync(join(root, 'app/deploy'))).toEqual(['healthcheck.mjs']);
    const distFiles = readdirSync(join(root, 'app/dist'), { recursive: true }).map(String);
    expect(distFiles).toContain('bundle/main.js');
    expect(distFiles).not.toContain('composition');
    expect(distFiles.filter((file) => /(^|\/)test\/|\.(test|spec)\.[cm]?[jt]s$|\.ts$/.test(file) && !file.endsWith('.d.ts'))).toEqual([]);
  });

  it('adds less than 100 MB to its Node base image', async () => {
    const size = async (reference: string) => Number(await podmanOk(['image', 'inspect', '--format', '{{.Size}}', reference]));
    const total = await size(image);
    const added = total - (await size(base));
    process.stdout.write(`tally adds ${(added / MB).toFixed(1)} MB above ${base} (${(total / MB).toFixed(1)} MB in all)\n`);
    expect(added).toBeGreaterThan(10 * MB);
    expect(added).toBeLessThan(100 * MB);
  });

  it('builds its production node_modules from package.json and package-lock.json alone', async () => {
    // The same stage built from a context holding nothing else is the very same image: no other file feeds it,
    // so a code change cannot change the node_modules layer. Both builds are answered from the build cache.
    const flags = JSON.parse(process.env.TALLY_TEST_BUILD_FLAGS ?? '[]') as string[];
    const context = mkdtempSync(join(tmpdir(), 'tally-deps-context-'));
    try {
      for (const file of ['Dockerfile', 'package.json', 'package-lock.json']) copyFileSync(repoPath(file), join(context, file));
      const build = (dir: string) => podmanOk(['build', ...flags, '--quiet', '--target', 'production-deps', dir]);
      const alone = await build(context);
      const full = await build(repoPath('.'));
      expect(alone).toMatch(/^[0-9a-f]{64}$/);
      expect(alone).toBe(full);
    } finally {
      rmSync(context, { recursive: true, force: true });
    }
  });
});

describe('the image run against PostgreSQL', () => {
  const databaseEnv = () => ({ DATABASE_URL: database.url });

  it('migrates the database with `db migrate` as uid 1000 on a read-only root filesystem', async () => {
    // A one-off command: no health checks (podman would try to schedule them through systemd, absent here).
    const run = (...args: string[]) =>
      podman(['run', '--rm', '--no-healthcheck', ...RUN_OPTIONS, ...HARDENED, ...secretMounts(), ...envArgs(databaseEnv()), image, ...args]);
    const migrated = await run('db', 'migrate');
    expect(migrated.code, migrated.stderr + migrated.stdout).toBe(0);
    expect(migrated.stdout).toContain('applied');
    const status = await run('db', 'status');
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('schema is up to date');
  });

  it('serves: ready, registers and lists a user, reports its build, passes its HEALTHCHECK and stops cleanly', async () => {
    const port = await freePort();
    const container = name('serve');
    await podmanOk([
      'run', '--detach', '--name', container, ...RUN_OPTIONS, ...HARDENED, ...secretMounts(),
      ...envArgs({ ...databaseEnv(), HOST: '127.0.0.1', PORT: String(port), SHUTDOWN_GRACE_SECONDS: '10' }),
      image,
    ]);
    const base = `http://127.0.0.1:${port}`;
    await waitForStatus(`${base}/-/ready`, 200, 90_000);

    const created = await fetch(`${base}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'in-a-container', email: 'container@example.com' }),
    });
    expect(created.status).toBe(201);
    const listed = (await (await fetch(`${base}/users`)).json()) as { username: string }[];
    expect(listed.map((user) => user.username)).toContain('in-a-container');

    expect(await (await fetch(`${base}/version`)).json()).toEqual({ version: expect.any(String), build: buildNumber, commit });

    // The image's own HEALTHCHECK command (kept by building in docker format), run as podman runs it.
    const configured = await podmanOk(['inspect', '--format', '{{json .Config.Healthcheck.Test}}', container]);
    expect(JSON.parse(configured)).toEqual(['CMD', 'node', '/app/deploy/healthcheck.mjs']);
    const health = await podman(['healthcheck', 'run', container]);
    expect(health.code, health.stderr + health.stdout).toBe(0);

    expect((await podman(['stop', '--time', '20', container])).code).toBe(0);
    expect(await podmanOk(['inspect', '--format', '{{.State.ExitCode}}', container])).toBe('0');
    const logs = await podman(['logs', container]);
    expect(logs.stdout + logs.stderr).toContain('shut down cleanly');
  });
});

interface ComposeService {
  entrypoint?: string[];
  command?: string[];
  env_file?: { path: string }[];
  environment?: Record<string, string>;
  read_only?: boolean;
  tmpfs?: string[];
  security_opt?: string[];
  cap_drop?: string[];
  healthcheck?: { test: string[] };
  secrets?: string[];
}

/** A compose service's settings as podman run options; the database is the local server, as no compose network exists. */
function composeRunArgs(service: ComposeService, databaseName: string, port: number): string[] {
  const fromFiles = (service.env_file ?? []).map((file) => readFileSync(repoPath(`${file.path}.example`), 'utf8'));
  const env: Record<string, string> = {};
  for (const line of fromFiles.join('\n').split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) env[match[1]] = match[2];
  }
  Object.assign(env, service.environment, {
    POSTGRES_HOST: '127.0.0.1',
    POSTGRES_USER: 'postgres',
    POSTGRES_DB: databaseName,
    PORT: String(port),
  });
  // Compose mounts each secret file at /run/secrets/<name>; the test's files stand in for secrets/<name>.
  const secrets = (service.secrets ?? []).flatMap((secret) => ['-v', `${join(secretsDir, secret)}:/run/secrets/${secret}:ro`]);
  return [
    ...RUN_OPTIONS,
    ...(service.read_only ? ['--read-only'] : []),
    ...(service.tmpfs ?? []).flatMap((path) => ['--tmpfs', path]),
    ...(service.security_opt ?? []).flatMap((option) => ['--security-opt', option.replace(':true', '')]),
    ...(service.cap_drop ?? []).flatMap((capability) => ['--cap-drop', capability]),
    ...(service.entrypoint ? ['--entrypoint', JSON.stringify(service.entrypoint)] : []),
    ...secrets,
    ...envArgs(env),
  ];
}

describe('docker-compose.yml, its tally services run with podman against the image', () => {
  const compose = parse(readFileSync(repoPath('docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  let composeDatabase: TestDatabase;
  beforeAll(async () => {
    composeDatabase = await createTestDatabase();
  });
  afterAll(async () => {
    await composeDatabase?.drop();
  });

  it('migrate: waits for the database and migrates with its own entrypoint, then app: serves and is healthy', async () => {
    const databaseName = new URL(composeDatabase.url).pathname.slice(1);
    const migrate = compose.services.migrate;
    const app = compose.services.app;
    if (!migrate || !app) throw new Error('docker-compose.yml lacks the migrate or app service');

    const migrated = await podman(['run', '--rm', '--no-healthcheck', ...composeRunArgs(migrate, databaseName, 8080), image, ...(migrate.command ?? [])]);
    expect(migrated.code, migrated.stderr + migrated.stdout).toBe(0);
    expect(migrated.stdout).toContain('applied');

    const port = await freePort();
    const container = name('compose-app');
    await podmanOk(['run', '--detach', '--name', container, ...composeRunArgs(app, databaseName, port), image, ...(app.command ?? [])]);
    await waitForStatus(`http://127.0.0.1:${port}/-/ready`, 200, 90_000);
    const [kind, ...check] = app.healthcheck?.test ?? [];
    expect(kind).toBe('CMD');
    const healthy = await podman(['exec', container, ...check]);
    expect(healthy.code, healthy.stderr).toBe(0);
    expect((await podman(['stop', '--time', '20', container])).code).toBe(0);
    expect(await podmanOk(['inspect', '--format', '{{.State.ExitCode}}', container])).toBe('0');
  });
});
