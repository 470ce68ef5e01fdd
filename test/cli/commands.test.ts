import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXIT } from '../../adapters/cli/exit-codes.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { runTally, TEST_VISITOR_SALT } from './run-tally.js';

let testDatabase: TestDatabase;
let env: NodeJS.ProcessEnv;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  env = { DATABASE_URL: testDatabase.url, VISITOR_SALT: TEST_VISITOR_SALT, BUILD_NUMBER: '42', GIT_COMMIT: 'abc1234' };
  const migrated = await runTally(['db', 'migrate'], env);
  expect(migrated.code).toBe(EXIT.ok);
});

afterAll(async () => {
  await testDatabase?.drop();
});

describe('tally users', () => {
  it('register prints the new user and exits 0; --json gives the stored user', async () => {
    const human = await runTally(['users', 'register', '--username', 'Ada', '--email', 'ada@example.com'], env);
    expect(human.code).toBe(EXIT.ok);
    expect(human.stderr).toBe('');
    expect(human.stdout).toMatch(/^registered [0-9a-f-]{36} {2}ada {2}ada@example\.com {2}\d{4}-\d\d-\d\dT[\d:.]+Z\n$/);

    const json = await runTally(['users', 'register', '--username', 'grace', '--email', 'Grace@Example.com', '--json'], env);
    expect(json.code).toBe(EXIT.ok);
    const user = JSON.parse(json.stdout);
    expect(user).toEqual({
      id: expect.stringMatching(UUID),
      username: 'grace',
      email: 'Grace@Example.com',
      createdAt: expect.any(String),
    });
    expect(Math.abs(Date.parse(user.createdAt) - Date.now())).toBeLessThan(60_000);
  });

  it('register exits 4 and names every invalid field on stderr', async () => {
    const run = await runTally(['users', 'register', '--username', '_x', '--email', 'not-an-email'], env);
    expect(run.code).toBe(EXIT.invalidInput);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('tally: invalid input\n');
    expect(run.stderr).toMatch(/^ {2}username: must be 3 to 32 characters long$/m);
    expect(run.stderr).toMatch(/^ {2}email: must be a valid email address$/m);
  });

  it('register --json reports the invalid fields as JSON on stderr', async () => {
    const run = await runTally(['users', 'register', '--username', 'ok-name', '--email', 'nope', '--json'], env);
    expect(run.code).toBe(EXIT.invalidInput);
    expect(JSON.parse(run.stderr)).toEqual({
      error: 'email: must be a valid email address',
      exitCode: EXIT.invalidInput,
      errors: [{ field: 'email', message: 'must be a valid email address' }],
    });
  });

  it('register exits 5 when the username is taken, ignoring case', async () => {
    const run = await runTally(['users', 'register', '--username', 'ADA', '--email', 'other@example.com'], env);
    expect(run.code).toBe(EXIT.conflict);
    expect(run.stderr).toBe('tally: username is already taken\n');
  });

  it('register exits 5 when the email is taken, ignoring case', async () => {
    const run = await runTally(['users', 'register', '--username', 'ada2', '--email', 'ADA@EXAMPLE.COM', '--json'], env);
    expect(run.code).toBe(EXIT.conflict);
    expect(JSON.parse(run.stderr)).toEqual({ error: 'email is already taken', exitCode: EXIT.conflict });
  });

  it('register without a required option is a usage error (exit 2) naming it', async () => {
    const run = await runTally(['users', 'register', '--username', 'lin'], env);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toMatch(/email/);
    expect(run.stderr).toMatch(/run "tally --help" for usage/);
  });

  it('list prints users newest first, one per line', async () => {
    const run = await runTally(['users', 'list'], env);
    expect(run.code).toBe(EXIT.ok);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^[0-9a-f-]{36} {2}grace {2}Grace@Example\.com {2}\S+Z$/);
    expect(lines[1]).toMatch(/^[0-9a-f-]{36} {2}ada {2}ada@example\.com {2}\S+Z$/);
  });

  it('list pages with --limit and --cursor, in JSON and for people', async () => {
    await runTally(['users', 'register', '--username', 'linus', '--email', 'linus@example.com'], env);

    const first = await runTally(['users', 'list', '--limit', '2', '--json'], env);
    expect(first.code).toBe(EXIT.ok);
    const page1 = JSON.parse(first.stdout);
    expect(page1.items.map((u: { username: string }) => u.username)).toEqual(['linus', 'grace']);
    expect(page1.nextCursor).toEqual(expect.any(String));

    const second = await runTally(['users', 'list', '--limit', '2', '--cursor', page1.nextCursor, '--json'], env);
    const page2 = JSON.parse(second.stdout);
    expect(page2.items.map((u: { username: string }) => u.username)).toEqual(['ada']);
    expect(page2).not.toHaveProperty('nextCursor');

    const human = await runTally(['users', 'list', '--limit', '2'], env);
    expect(human.stdout.trimEnd().split('\n').at(-1)).toBe(`next page: --cursor ${page1.nextCursor}`);
  });

  it('list rejects a bad limit or cursor with exit 4', async () => {
    const limit = await runTally(['users', 'list', '--limit', '0'], env);
    expect(limit.code).toBe(EXIT.invalidInput);
    expect(limit.stderr).toMatch(/limit: must be an integer from 1 to 500/);

    const cursor = await runTally(['users', 'list', '--cursor', '!!!'], env);
    expect(cursor.code).toBe(EXIT.invalidInput);
    expect(cursor.stderr).toMatch(/cursor: is not a valid cursor/);
  });
});

describe('tally visits and stats', () => {
  // "Today" is the clock's day: a fixed one keeps every count on one day even in a run that straddles midnight.
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-06-15T23:59:59.000Z'));
  });

  afterAll(() => {
    vi.useRealTimers();
  });

  it('stats before any visit shows zeros', async () => {
    const run = await runTally(['stats', '--json'], env);
    expect(run.code).toBe(EXIT.ok);
    expect(JSON.parse(run.stdout)).toEqual({ totalVisits: 0, uniqueVisitors: 0, today: { visits: 0, uniqueVisitors: 0 } });
  });

  it('visits record counts each visit and each distinct visitor once', async () => {
    const first = await runTally(['visits', 'record', '--json'], env);
    expect(first.code).toBe(EXIT.ok);
    expect(JSON.parse(first.stdout)).toEqual({ totalVisits: 1, uniqueVisitors: 1, today: { visits: 1, uniqueVisitors: 1 } });

    await runTally(['visits', 'record'], env);
    const third = await runTally(['visits', 'record', '--visitor', 'someone-else'], env);
    expect(third.code).toBe(EXIT.ok);
    expect(third.stdout).toBe(
      [
        'total visits:          3',
        'unique visitors:       2',
        'visits today:          3',
        'unique visitors today: 2',
        '',
      ].join('\n'),
    );
  });

  it('visits record rejects an empty visitor with exit 4', async () => {
    const run = await runTally(['visits', 'record', '--visitor', '   '], env);
    expect(run.code).toBe(EXIT.invalidInput);
    expect(run.stderr).toMatch(/visitor: must not be empty/);
  });

  it('stats shows the totals without recording a visit', async () => {
    const human = await runTally(['stats'], env);
    expect(human.code).toBe(EXIT.ok);
    expect(human.stdout).toMatch(/^total visits: +3$/m);
    const json = await runTally(['stats', '--json'], env);
    expect(JSON.parse(json.stdout)).toEqual({ totalVisits: 3, uniqueVisitors: 2, today: { visits: 3, uniqueVisitors: 2 } });
  });
});

describe('tally forms', () => {
  it('submit saves a submission, trimmed, and prints its id', async () => {
    const human = await runTally(['forms', 'submit', '--name', 'Ada', '--favorite-color', 'teal', '--pet', 'cats'], env);
    expect(human.code).toBe(EXIT.ok);
    expect(human.stdout).toMatch(/^saved submission [0-9a-f-]{36}\n$/);

    const json = await runTally(
      ['forms', 'submit', '--name', '  Grace ', '--favorite-color', ' navy ', '--pet', 'dogs', '--json'],
      env,
    );
    expect(json.code).toBe(EXIT.ok);
    expect(JSON.parse(json.stdout)).toEqual({
      id: expect.stringMatching(UUID),
      name: 'Grace',
      favoriteColor: 'navy',
      pet: 'dogs',
      createdAt: expect.any(String),
    });
  });

  it('submit exits 4 naming every empty field', async () => {
    const run = await runTally(['forms', 'submit', '--name', ' ', '--favorite-color', '', '--pet', 'cats'], env);
    expect(run.code).toBe(EXIT.invalidInput);
    expect(run.stderr).toMatch(/^ {2}name: must not be empty$/m);
    expect(run.stderr).toMatch(/^ {2}favoriteColor: must not be empty$/m);
  });

  it('submit with a pet other than cats or dogs is a usage error', async () => {
    const run = await runTally(['forms', 'submit', '--name', 'Ada', '--favorite-color', 'teal', '--pet', 'fish'], env);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toMatch(/pet/);
  });
});

describe('tally version', () => {
  it('prints the package version, build and commit', async () => {
    const human = await runTally(['version'], env);
    expect(human).toEqual({ code: EXIT.ok, stdout: 'tally 1.0.0 (build 42, commit abc1234)\n', stderr: '' });
  });

  it('--json gives {version, build, commit}', async () => {
    const run = await runTally(['version', '--json'], env);
    expect(run.code).toBe(EXIT.ok);
    expect(JSON.parse(run.stdout)).toEqual({ version: '1.0.0', build: '42', commit: 'abc1234' });
  });

  it('defaults build and commit when CI did not set them', async () => {
    const run = await runTally(['version', '--json'], { DATABASE_URL: testDatabase.url, VISITOR_SALT: TEST_VISITOR_SALT });
    expect(JSON.parse(run.stdout)).toEqual({ version: '1.0.0', build: 'local', commit: 'unknown' });
  });
});

describe('tally usage errors (exit 2)', () => {
  it('rejects an unknown command', async () => {
    const run = await runTally(['frobnicate'], env);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toMatch(/frobnicate/);
    expect(run.stderr).toMatch(/run "tally --help" for usage\n$/);
  });

  it('rejects an unknown option', async () => {
    const run = await runTally(['stats', '--colour'], env);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toMatch(/colour/);
  });

  it('rejects a command line without a command', async () => {
    const run = await runTally([], env);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toMatch(/name a command/);
  });

  it('reports a usage error as JSON with --json', async () => {
    const run = await runTally(['frobnicate', '--json'], env);
    expect(run.code).toBe(EXIT.usage);
    const [json] = run.stderr.split('\n');
    expect(JSON.parse(json as string)).toMatchObject({ exitCode: EXIT.usage, error: expect.stringMatching(/frobnicate/) });
  });
});

describe('tally with a database that does not answer (exit 7)', () => {
  const unreachable = { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x', VISITOR_SALT: TEST_VISITOR_SALT };

  it.each(['users list', 'stats', 'db status', 'db migrate'])(
    '%s reports the database as unavailable',
    async (command) => {
      const run = await runTally(command.split(' '), unreachable);
      expect(run.code).toBe(EXIT.unavailable);
      // Said in tally's words: the driver's own text could name the server and its user.
      expect(run.stderr).toBe('tally: the database is unavailable: the connection was refused\n');
    },
  );
});

describe('tally with bad configuration (exit 3)', () => {
  it('names a bad PORT', async () => {
    const run = await runTally(['version'], { ...env, PORT: 'abc' });
    expect(run.code).toBe(EXIT.configuration);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^ {2}PORT: .+$/m);
  });

  it('names VISITOR_SALT when DATABASE_URL is set without it', async () => {
    const run = await runTally(['users', 'list'], { DATABASE_URL: testDatabase.url });
    expect(run.code).toBe(EXIT.configuration);
    expect(run.stderr).toMatch(/^ {2}VISITOR_SALT: required with a PostgreSQL server/m);
  });

  it('names a DATABASE_URL that is not a URL', async () => {
    const run = await runTally(['stats'], { ...env, DATABASE_URL: 'not a url' });
    expect(run.code).toBe(EXIT.configuration);
    expect(run.stderr).toMatch(/^ {2}DATABASE_URL: .+$/m);
  });

  it('names every bad variable at once', async () => {
    const run = await runTally(['stats', '--json'], { ...env, PORT: 'abc', LOG_LEVEL: 'loud' });
    expect(run.code).toBe(EXIT.configuration);
    const report = JSON.parse(run.stderr);
    expect(report.exitCode).toBe(EXIT.configuration);
    expect(report.error).toMatch(/PORT: /);
    expect(report.error).toMatch(/LOG_LEVEL: /);
  });
});
