import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../adapters/cli/exit-codes.js';
import { ConfigError } from '../../composition/config-error.js';
import { loadConfig } from '../../composition/config.js';

const SALT = 'a-visitor-salt-of-enough-length';
const TOKEN = 'an-admin-token-0123456789';

/** The problems a ConfigError lists, or a failure when loadConfig accepts the environment. */
function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

let secrets: string;

beforeAll(async () => {
  secrets = await mkdtemp(join(tmpdir(), 'tally-secrets-'));
});

afterAll(async () => {
  await rm(secrets, { recursive: true, force: true });
});

describe('loadConfig defaults', () => {
  it('uses the embedded database in ./.tally and port 8080 on every interface when nothing is set', () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ kind: 'embedded', dataDir: './.tally' });
    expect(config.http).toEqual({ host: '0.0.0.0', port: 8080, trustProxy: false });
    expect(config.logLevel).toBe('info');
    expect(config.owner).toEqual({ name: 'tally' });
    expect(config.version).toEqual({ version: '1.0.0', build: 'local', commit: 'unknown' });
    expect(config.shutdownGraceMs).toBe(10_000);
    expect(config).not.toHaveProperty('adminToken');
    expect(config).not.toHaveProperty('visitorSalt');
  });

  it('keeps the embedded database where TALLY_DATA_DIR says', () => {
    expect(loadConfig({ TALLY_DATA_DIR: '/var/lib/tally' }).database).toEqual({ kind: 'embedded', dataDir: '/var/lib/tally' });
  });

  it('reads every other setting', () => {
    const config = loadConfig({
      HOST: '127.0.0.1',
      PORT: '3000',
      LOG_LEVEL: 'debug',
      USER_NAME: 'Ada',
      USER_URL: 'https://ada.example.com/',
      BUILD_NUMBER: '17',
      GIT_COMMIT: 'deadbeef',
      ADMIN_TOKEN: TOKEN,
      VISITOR_SALT: SALT,
      SHUTDOWN_GRACE_SECONDS: '3',
    });
    expect(config.http).toMatchObject({ host: '127.0.0.1', port: 3000 });
    expect(config.logLevel).toBe('debug');
    expect(config.owner).toEqual({ name: 'Ada', url: 'https://ada.example.com/' });
    expect(config.version).toEqual({ version: '1.0.0', build: '17', commit: 'deadbeef' });
    expect(config.adminToken).toBe(TOKEN);
    expect(config.visitorSalt).toBe(SALT);
    expect(config.shutdownGraceMs).toBe(3000);
  });
});

describe('loadConfig database selection', () => {
  it('uses a PostgreSQL server when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://app:secret@db.internal:5432/tally', VISITOR_SALT: SALT });
    expect(config.database).toEqual({
      kind: 'server',
      url: 'postgres://app:secret@db.internal:5432/tally',
      poolSize: 10,
      timeouts: { connectMs: 1500, statementMs: 3000 },
    });
  });

  it('takes the pool size from DATABASE_POOL_SIZE and rejects one below 1', () => {
    const env = { DATABASE_URL: 'postgres://db/tally', VISITOR_SALT: SALT };
    expect(loadConfig({ ...env, DATABASE_POOL_SIZE: '4' }).database).toMatchObject({ poolSize: 4 });
    expect(problemsOf({ ...env, DATABASE_POOL_SIZE: '0' })).toEqual([expect.stringMatching(/^DATABASE_POOL_SIZE: /)]);
  });

  it('rejects a DATABASE_URL that is not a URL', () => {
    expect(problemsOf({ DATABASE_URL: 'not a url', VISITOR_SALT: SALT })).toEqual([expect.stringMatching(/^DATABASE_URL: /)]);
  });

  it('builds the server URL from the POSTGRES_* set, with defaults for what is unset', () => {
    const config = loadConfig({ POSTGRES_HOST: 'db', VISITOR_SALT: SALT });
    expect(config.database).toEqual({
      kind: 'server',
      url: 'postgres://postgres@db:5432/tally',
      poolSize: 10,
      timeouts: { connectMs: 1500, statementMs: 3000 },
    });

    const full = loadConfig({
      POSTGRES_HOST: 'pg.internal',
      POSTGRES_PORT: '6543',
      POSTGRES_USER: 'app',
      POSTGRES_PASSWORD: 'secret',
      POSTGRES_DB: 'tally_prod',
      VISITOR_SALT: SALT,
    });
    expect(full.database).toMatchObject({ url: 'postgres://app:secret@pg.internal:6543/tally_prod' });
  });

  it('encodes a password and user with special characters so that they decode back exactly', () => {
    const password = 'p@ss:w/rd#?&=100%sure 50%41 ü';
    const user = 'app user@x';
    const config = loadConfig({ POSTGRES_HOST: 'db', POSTGRES_USER: user, POSTGRES_PASSWORD: password, VISITOR_SALT: SALT });
    expect(config.database.kind).toBe('server');
    const url = new URL(config.database.kind === 'server' ? config.database.url : '');
    // As MikroORM reads them from clientUrl.
    expect(decodeURIComponent(url.password)).toBe(password);
    expect(decodeURIComponent(url.username)).toBe(user);
    expect(url.hostname).toBe('db');
    expect(url.pathname).toBe('/tally');
  });

  it('reports a bad POSTGRES_PORT as a problem line, not a crash', () => {
    expect(problemsOf({ POSTGRES_HOST: 'db', POSTGRES_PORT: 'five', VISITOR_SALT: SALT })).toEqual([
      expect.stringMatching(/^POSTGRES_PORT: /),
    ]);
  });

  it('prefers DATABASE_URL over the POSTGRES_* set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://one/tally', POSTGRES_HOST: 'two', VISITOR_SALT: SALT });
    expect(config.database).toMatchObject({ url: 'postgres://one/tally' });
  });

  it('requires VISITOR_SALT with a server database, but not with the embedded one', () => {
    expect(problemsOf({ DATABASE_URL: 'postgres://db/tally' })).toEqual([
      expect.stringMatching(/^VISITOR_SALT: required with a PostgreSQL server/),
    ]);
    expect(problemsOf({ POSTGRES_HOST: 'db' })).toEqual([expect.stringMatching(/^VISITOR_SALT: /)]);
    expect(() => loadConfig({ TALLY_DATA_DIR: '/tmp/x' })).not.toThrow();
  });
});

describe("loadConfig: the seeds' database variable names", () => {
  it("reads seed 000's DB_* set as it stands in its .env file", () => {
    const config = loadConfig({
      DB_HOST: 'db',
      DB_PORT: '5433',
      DB_NAME: 'forms',
      DB_USERNAME: 'app',
      DB_PASSWORD: 'secret',
      VISITOR_SALT: SALT,
    });
    expect(config.database).toMatchObject({ kind: 'server', url: 'postgres://app:secret@db:5433/forms', poolSize: 10 });
  });

  it("reads seed 002's POSTGRES_USERNAME and POSTGRES_DATABASE and seed 004's POSTGRES_HOSTNAME", () => {
    const seed002 = loadConfig({
      POSTGRES_HOST: 'pg',
      POSTGRES_USERNAME: 'users',
      POSTGRES_PASSWORD: 'pw',
      POSTGRES_DATABASE: 'userdb',
      VISITOR_SALT: SALT,
    });
    expect(seed002.database).toMatchObject({ url: 'postgres://users:pw@pg:5432/userdb' });
    const seed004 = loadConfig({ POSTGRES_HOSTNAME: 'people-db', POSTGRES_DB: 'people', POSTGRES_USER: 'p', VISITOR_SALT: SALT });
    expect(seed004.database).toMatchObject({ url: 'postgres://p@people-db:5432/people' });
  });

  it("lets tally's own name win over an alias", () => {
    const config = loadConfig({ POSTGRES_HOST: 'mine', DB_HOST: 'theirs', POSTGRES_DB: 'a', DB_NAME: 'b', VISITOR_SALT: SALT });
    expect(config.database).toMatchObject({ url: 'postgres://postgres@mine:5432/a' });
  });

  it('accepts two aliases that agree, and stops with one line naming both when they disagree', () => {
    const agree = loadConfig({ POSTGRES_HOSTNAME: 'db', DB_HOST: 'db', VISITOR_SALT: SALT });
    expect(agree.database).toMatchObject({ url: 'postgres://postgres@db:5432/tally' });
    const problems = problemsOf({ POSTGRES_HOSTNAME: 'db1', DB_HOST: 'db2', DB_PASSWORD: 'x', POSTGRES_PASSWORD: 'y', VISITOR_SALT: SALT });
    expect(problems).toEqual([
      'POSTGRES_HOST: POSTGRES_HOSTNAME and DB_HOST are both set but differ; set POSTGRES_HOST (or only one of them)',
    ]);
  });

  it('validates an alias as the variable it stands for', () => {
    expect(problemsOf({ DB_HOST: 'db', DB_PORT: 'five', VISITOR_SALT: SALT })).toEqual([expect.stringMatching(/^POSTGRES_PORT: /)]);
  });
});

describe('loadConfig validation', () => {
  it('reports every bad value at once, one line each naming the variable', () => {
    let caught: unknown;
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.exitCode).toBe(EXIT.configuration);
    expect(error.problems).toHaveLength(2);
    expect(error.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^PORT: /), expect.stringMatching(/^LOG_LEVEL: /)]),
    );
    expect(error.message).toMatch(/^bad configuration:\n {2}\S+: .+\n {2}\S+: .+$/);
  });

  it.each([
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['USER_URL', 'not a url'],
    ['SHUTDOWN_GRACE_SECONDS', 'soon'],
    ['SHUTDOWN_GRACE_SECONDS', '-1'],
    ['SHUTDOWN_DRAIN_SECONDS', '-5'],
    ['TRUST_PROXY', 'maybe'],
  ])('rejects %s=%s', (name, value) => {
    expect(problemsOf({ [name]: value })).toEqual([expect.stringMatching(new RegExp(`^${name}: `))]);
  });

  it('tells what a shutdown time may be when it is negative', () => {
    expect(problemsOf({ SHUTDOWN_DRAIN_SECONDS: '-5' })).toEqual(['SHUTDOWN_DRAIN_SECONDS: must be a number of seconds, 0 or more']);
  });

  it.each([
    ['true', true],
    ['false', false],
    ['', false],
    ['2', 2],
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['127.0.0.1, 10.0.0.0/8', '127.0.0.1, 10.0.0.0/8'],
    ['::1', '::1'],
  ])('reads TRUST_PROXY=%j as %j', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).http.trustProxy).toEqual(expected);
  });

  it('rejects an ADMIN_TOKEN or VISITOR_SALT shorter than 16 characters', () => {
    expect(problemsOf({ ADMIN_TOKEN: 'short', VISITOR_SALT: 'also-short' })).toEqual([
      'ADMIN_TOKEN: must be at least 16 characters',
      'VISITOR_SALT: must be at least 16 characters',
    ]);
    expect(loadConfig({ ADMIN_TOKEN: 'x'.repeat(16) }).adminToken).toBe('x'.repeat(16));
  });
});

describe('loadConfig TALLY_WORKERS', () => {
  it('serves from one process unless told otherwise', () => {
    expect(loadConfig({}).workers).toBe(1);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/tally', VISITOR_SALT: SALT, TALLY_WORKERS: '4' }).workers).toBe(4);
  });

  it('rejects 0, a non-number, and more than one worker on the embedded database', () => {
    expect(problemsOf({ TALLY_WORKERS: '0' })).toEqual([expect.stringMatching(/^TALLY_WORKERS: must be a whole number of at least 1/)]);
    expect(problemsOf({ TALLY_WORKERS: 'two' })).toEqual([expect.stringMatching(/^TALLY_WORKERS: /)]);
    expect(problemsOf({ TALLY_WORKERS: '2' })).toEqual([
      'TALLY_WORKERS: must be 1 with the embedded database, which one process opens at a time; set DATABASE_URL for more',
    ]);
  });
});

describe('loadConfig operational settings', () => {
  it('reads them, in the units the HTTP adapter uses', () => {
    const config = loadConfig({
      READINESS_TIMEOUT_SECONDS: '0.5',
      BODY_LIMIT_BYTES: '1024',
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
      LOG_FORMAT: 'pretty',
      SHUTDOWN_DRAIN_SECONDS: '5',
      HTTP_HEADERS_TIMEOUT_SECONDS: '2',
      HTTP_REQUEST_TIMEOUT_SECONDS: '3.5',
      HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: '4',
      OVERLOAD_MAX_REQUESTS_IN_FLIGHT: '50',
      OVERLOAD_EVENT_LOOP_DELAY_MS: '0',
      OVERLOAD_MAX_DATABASE_QUEUE: '0',
    });
    expect(config.operations).toEqual({
      readinessTimeoutMs: 500,
      bodyLimitBytes: 1024,
      rateLimitWritesPerMinute: 0,
      logFormat: 'pretty',
      headersTimeoutMs: 2000,
      requestTimeoutMs: 3500,
      keepAliveTimeoutMs: 4000,
      maxRequestsInFlight: 50,
      maxEventLoopDelayMs: 0,
      maxDatabaseQueue: 0,
    });
    expect(config.shutdownDrainMs).toBe(5000);
  });

  it('reports every bad one, naming it', () => {
    const problems = problemsOf({
      READINESS_TIMEOUT_SECONDS: '0',
      BODY_LIMIT_BYTES: '0',
      RATE_LIMIT_WRITES_PER_MINUTE: '-1',
      LOG_FORMAT: 'xml',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url',
      HTTP_HEADERS_TIMEOUT_SECONDS: '0',
      HTTP_REQUEST_TIMEOUT_SECONDS: 'soon',
      HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: '-1',
      OVERLOAD_EVENT_LOOP_DELAY_MS: '1.5',
      OVERLOAD_MAX_REQUESTS_IN_FLIGHT: '-1',
    });
    expect(problems.map((line) => line.split(':')[0]).sort()).toEqual([
      'BODY_LIMIT_BYTES',
      'HTTP_HEADERS_TIMEOUT_SECONDS',
      'HTTP_KEEP_ALIVE_TIMEOUT_SECONDS',
      'HTTP_REQUEST_TIMEOUT_SECONDS',
      'LOG_FORMAT',
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OVERLOAD_EVENT_LOOP_DELAY_MS',
      'OVERLOAD_MAX_REQUESTS_IN_FLIGHT',
      'RATE_LIMIT_WRITES_PER_MINUTE',
      'READINESS_TIMEOUT_SECONDS',
    ]);
  });
});

describe('loadConfig HTTP timeouts', () => {
  it('refuses a headers timeout longer than the whole request may take', () => {
    expect(problemsOf({ HTTP_HEADERS_TIMEOUT_SECONDS: '40', HTTP_REQUEST_TIMEOUT_SECONDS: '30' })).toEqual([
      'HTTP_HEADERS_TIMEOUT_SECONDS: must not exceed HTTP_REQUEST_TIMEOUT_SECONDS (the headers are part of the request)',
    ]);
  });
});

describe('loadConfig secrets from files (X_FILE)', () => {
  it('reads ADMIN_TOKEN_FILE, without the trailing newline', async () => {
    const path = join(secrets, 'admin-token');
    await writeFile(path, `${TOKEN}\n`);
    expect(loadConfig({ ADMIN_TOKEN_FILE: path }).adminToken).toBe(TOKEN);
  });

  it('strips a Windows line ending too, and only the last one', async () => {
    const path = join(secrets, 'salt-crlf');
    await writeFile(path, `${SALT}\r\n`);
    expect(loadConfig({ VISITOR_SALT_FILE: path }).visitorSalt).toBe(SALT);
  });

  it('reads DATABASE_URL_FILE and POSTGRES_PASSWORD_FILE', async () => {
    const urlPath = join(secrets, 'database-url');
    await writeFile(urlPath, 'postgres://app:s3cret@db/tally\n');
    expect(loadConfig({ DATABASE_URL_FILE: urlPath, VISITOR_SALT: SALT }).database).toMatchObject({
      url: 'postgres://app:s3cret@db/tally',
    });

    const passwordPath = join(secrets, 'postgres-password');
    await writeFile(passwordPath, 'pw\n');
    const config = loadConfig({ POSTGRES_HOST: 'db', POSTGRES_PASSWORD_FILE: passwordPath, VISITOR_SALT: SALT });
    expect(config.database).toMatchObject({ url: 'postgres://postgres:pw@db:5432/tally' });
  });

  it('rejects both X and X_FILE', async () => {
    const path = join(secrets, 'admin-token-both');
    await writeFile(path, TOKEN);
    expect(problemsOf({ ADMIN_TOKEN: TOKEN, ADMIN_TOKEN_FILE: path })).toEqual([
      'ADMIN_TOKEN_FILE: set either ADMIN_TOKEN or ADMIN_TOKEN_FILE, not both',
    ]);
  });

  it('rejects a file that cannot be read, naming the variable and the path', () => {
    const path = join(secrets, 'does-not-exist');
    expect(problemsOf({ ADMIN_TOKEN_FILE: path })).toEqual([`ADMIN_TOKEN_FILE: cannot read ${path} (ENOENT)`]);
  });

  it('rejects an unreadable file', async () => {
    const path = join(secrets, 'unreadable');
    await writeFile(path, TOKEN);
    await chmod(path, 0o000);
    // root reads any file regardless of its mode; a directory fails for everyone.
    const target = process.getuid?.() === 0 ? secrets : path;
    expect(problemsOf({ ADMIN_TOKEN_FILE: target })).toEqual([
      expect.stringMatching(new RegExp(`^ADMIN_TOKEN_FILE: cannot read ${target} \\((EACCES|EISDIR)\\)$`)),
    ]);
  });

  it('validates a secret read from a file like one given directly', async () => {
    const path = join(secrets, 'short-token');
    await writeFile(path, 'short\n');
    expect(problemsOf({ ADMIN_TOKEN_FILE: path })).toEqual(['ADMIN_TOKEN: must be at least 16 characters']);
  });

  it('reports file problems together with the other bad values', () => {
    const problems = problemsOf({ ADMIN_TOKEN_FILE: join(secrets, 'missing'), PORT: 'abc' });
    expect(problems).toHaveLength(2);
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^ADMIN_TOKEN_FILE: /), expect.stringMatching(/^PORT: /)]),
    );
  });

  it('ignores an empty X_FILE', () => {
    expect(loadConfig({ ADMIN_TOKEN: TOKEN, ADMIN_TOKEN_FILE: '' }).adminToken).toBe(TOKEN);
  });
});
