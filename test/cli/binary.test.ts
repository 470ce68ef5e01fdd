import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXIT } from '../../adapters/cli/exit-codes.js';
import { HEAP_FLAGS } from '../../composition/memory-bounds.js';
import { PausableProxy } from '../resilience/support/pausable-proxy.js';
import { BUILT_TALLY } from '../support/built-tally.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { TEST_ENVIRONMENT, UNDER_CONTENTION } from '../support/test-environment.js';
import { freePort, waitForStatus } from './free-port.js';
import { TEST_VISITOR_SALT } from './run-tally.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = BUILT_TALLY;

interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built binary as a real process with exactly `env` (plus PATH). */
function tally(args: string[], env: NodeJS.ProcessEnv): Promise<ProcessResult> {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolvePromise({ code, stdout, stderr });
      },
    );
  });
}

let testDatabase: TestDatabase;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build" first (npm test does)`);
  testDatabase = await createTestDatabase();
  env = { DATABASE_URL: testDatabase.url, VISITOR_SALT: TEST_VISITOR_SALT };
});

afterAll(async () => {
  await testDatabase?.drop();
});

/** `tally serve --migrate` with two workers on `port`, on the test database unless `extra` says otherwise. */
function serveWithTwoWorkers(port: number, extra: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [BIN, 'serve', '--migrate'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env, TALLY_WORKERS: '2', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('close', (code, signal) => done({ code, signal })),
  );
  return { child, exited, output: () => output };
}

describe('the built tally binary', () => {
  it('--help lists every command and documents the exit codes', async () => {
    const run = await tally(['--help'], {});
    expect(run.code).toBe(0);
    for (const command of ['serve', 'db <command>', 'users <command>', 'visits <command>', 'stats', 'forms <command>', 'version']) {
      expect(run.stdout).toContain(`tally ${command}`);
    }
    expect(run.stdout).toContain('--json');
    for (const [code, meaning] of [
      [0, 'success'],
      [2, 'bad command-line usage'],
      [3, 'bad configuration'],
      [4, 'invalid input'],
      [5, 'conflict'],
      [7, 'database unavailable'],
      [8, 'migrations pending'],
    ] as const) {
      expect(run.stdout).toMatch(new RegExp(`^ +${code} +${meaning}`, 'm'));
    }
  });

  it('subcommand help lists the subcommands', async () => {
    const run = await tally(['db', '--help'], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/tally db migrate/);
    expect(run.stdout).toMatch(/tally db status/);
    expect(run.stdout).toMatch(/tally db wait/);
  });

  it('migrates, registers a user and lists it as JSON against PostgreSQL', async () => {
    expect((await tally(['db', 'migrate'], env)).code).toBe(0);

    const registered = await tally(['users', 'register', '--username', 'Margaret', '--email', 'margaret@example.com', '--json'], env);
    expect(registered.code).toBe(0);
    const user = JSON.parse(registered.stdout);
    expect(user).toMatchObject({ username: 'margaret', email: 'margaret@example.com' });

    const listed = await tally(['users', 'list', '--json'], env);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual({ items: [user] });
  });

  it('exits 4 with the invalid fields on stderr for invalid input', async () => {
    const run = await tally(['users', 'register', '--username', 'x', '--email', 'x@example.com'], env);
    expect(run.code).toBe(EXIT.invalidInput);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/username: must be 3 to 32 characters long/);
  });

  it('bounds its memory by restarting node in the same process when a command loads the runtime, and lets a bound given by the operator win', async () => {
    const preload = `--import ${join(import.meta.dirname, 'heap-report.ts')}`;
    type Line = { started?: number; execArgv?: string[]; mallocMmapThreshold?: string; exited?: number; heapSizeLimitMb?: number };
    const report = (run: ProcessResult) =>
      run.stderr
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Line);

    // What loads nothing needs no bound, and skips the restart.
    for (const args of [['--help'], ['version']]) {
      expect(report(await tally(args, { NODE_OPTIONS: preload })).filter((line) => line.started !== undefined)).toHaveLength(1);
    }

    const [first, second, exit, ...more] = report(await tally(['db', 'status'], { ...env, NODE_OPTIONS: preload }));
    expect(more).toEqual([]);
    expect(second?.started).toBe(first?.started);
    expect(second?.execArgv).toEqual(expect.arrayContaining(HEAP_FLAGS));
    expect(second?.mallocMmapThreshold).toBe('32768');
    expect(exit?.exited).toBe(first?.started);
    expect(exit?.heapSizeLimitMb).toBeLessThan(300);

    const own = report(
      await tally(['db', 'status'], { ...env, NODE_OPTIONS: `${preload} --max-old-space-size=1024`, MALLOC_MMAP_THRESHOLD_: '65536' }),
    );
    expect(own[1]?.execArgv).toEqual(HEAP_FLAGS.filter((flag) => flag.startsWith('--max-semi-space-size=')));
    expect(own[1]?.mallocMmapThreshold).toBe('65536');
    expect(own[2]?.heapSizeLimitMb).toBeGreaterThan(1000);

    const all = report(
      await tally(['db', 'status'], {
        ...env,
        NODE_OPTIONS: `${preload} --max-old-space-size=1024 --max-semi-space-size=16`,
        MALLOC_MMAP_THRESHOLD_: '65536',
      }),
    );
    expect(all.filter((line) => line.started !== undefined)).toHaveLength(1);
  });

  it('exits 3 naming the variable for bad configuration', async () => {
    const run = await tally(['stats'], { ...env, PORT: 'abc' });
    expect(run.code).toBe(EXIT.configuration);
    expect(run.stderr).toMatch(/PORT: /);
  });

  it('with TALLY_WORKERS=2 serves from two worker processes, and SIGTERM stops them all with exit 0', async () => {
    const port = await freePort();
    // Generous database timeouts and no overload shedding: this test is about the workers, on a busy machine.
    const { child, exited } = serveWithTwoWorkers(port, { ...TEST_ENVIRONMENT, ...UNDER_CONTENTION });
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitForStatus(`${base}/-/ready`, 200, 90_000);
      // Readiness answers from whichever worker listens first; the other may still be starting when SIGTERM comes.
      const workers = (await readFile(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8')).trim().split(' ');
      expect(workers).toHaveLength(2);
      // Forked with the primary's flags, the workers run with its bounded heap and need no restart of their own.
      for (const pid of workers) expect(await readFile(`/proc/${pid}/cmdline`, 'utf8')).toContain('--max-old-space-size=256');

      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          fetch(`${base}/users`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: `worker${i}`, email: `worker${i}@example.com` }),
          }),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(201));

      child.kill('SIGTERM');
      expect((await exited).code).toBe(0);
      for (const pid of workers) expect(existsSync(`/proc/${pid}`)).toBe(false);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 120_000);

  it('with TALLY_WORKERS=2, SIGTERM while the workers are still starting stops them all with exit 0, never listening', async () => {
    // The workers' database connections wait in a partition, so they are exactly mid-start when SIGTERM comes.
    const direct = new URL(testDatabase.url);
    const proxy = await PausableProxy.start({ host: direct.hostname, port: Number(direct.port || 5432) });
    proxy.setMode('partition');
    const proxied = new URL(testDatabase.url);
    proxied.port = String(proxy.port);
    const port = await freePort();
    const { child, exited, output } = serveWithTwoWorkers(port, {
      DATABASE_URL: proxied.toString(),
      DATABASE_CONNECT_TIMEOUT_SECONDS: '60',
    });
    try {
      await vi.waitFor(() => expect(proxy.openConnections).toBeGreaterThanOrEqual(2), { timeout: 90_000, interval: 50 });
      const workers = (await readFile(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8')).trim().split(' ');
      expect(workers).toHaveLength(2);

      child.kill('SIGTERM');
      proxy.setMode('forward');
      expect({ ...(await exited), output: output() }).toMatchObject({ code: 0, signal: null });
      for (const pid of workers) expect(existsSync(`/proc/${pid}`)).toBe(false);
      expect(output()).not.toMatch(/Server listening at/);
      expect(output().match(/shut down cleanly/g)).toHaveLength(2);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await proxy.close();
    }
  }, 120_000);

  it('with TALLY_WORKERS=2 exits with the workers\' code when they cannot start', async () => {
    const unreachable = `postgres://postgres@127.0.0.1:${await freePort()}/tally`;
    const run = await tally(['serve', '--migrate'], { ...env, DATABASE_URL: unreachable, TALLY_WORKERS: '2', PORT: String(await freePort()) });
    expect(run.code, run.stderr).toBe(EXIT.unavailable);
    expect(run.stderr).toMatch(/the database is unavailable: the connection was refused/);
  });

  it('serves on the embedded database until SIGTERM, then exits 0', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tally-serve-'));
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, 'serve'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...TEST_ENVIRONMENT, TALLY_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.on('close', (code, signal) => done({ code, signal })),
    );
    try {
      const base = `http://127.0.0.1:${port}`;
      // Fails at once, with what the process said, if it exits before it is ready.
      await Promise.race([
        waitForStatus(`${base}/-/ready`, 200, 90_000),
        exited.then(({ code, signal }) => {
          throw new Error(`tally serve exited early (code ${code}, signal ${signal}):\n${output}`);
        }),
      ]).catch((error: Error) => {
        throw new Error(`${error.message}\n--- tally serve output ---\n${output}`);
      });

      const home = await fetch(`${base}/`);
      expect(home.status).toBe(200);
      expect(home.headers.get('content-type')).toMatch(/text\/html/);
      expect(await home.text()).toMatch(/<html/i);

      child.kill('SIGTERM');
      const { code, signal } = await exited;
      expect({ code, signal, output }).toMatchObject({ code: 0, signal: null });
      // The embedded database kept its own visitor salt and lock beside its data.
      expect(existsSync(join(dataDir, 'visitor-salt'))).toBe(true);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
