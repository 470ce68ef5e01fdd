import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTallyProcess } from '../operations/support/tally-process.js';
import { type Answer, type Call, report, startLoad, statusCounts } from './support/load.js';
import { startTallyBehindProxy, type TallyBehindProxy } from './support/tally-behind-proxy.js';

const PASSWORD = 'db-Pass-0123456789-zyx';
const ADMIN_TOKEN = 'admin-Token-0123456789-zyx';
const VISITOR_SALT = 'visitor-Salt-0123456789-zyx';
/** Any URL that carries a user and a password. */
const CREDENTIAL_URL = /[a-z][a-z0-9+.-]*:\/\/[^\s/@:]+:[^\s/@]+@/i;

let running: TallyBehindProxy;
let databaseUrl: string;

beforeAll(async () => {
  running = await startTallyBehindProxy({ ADMIN_TOKEN, VISITOR_SALT, LOG_LEVEL: 'debug' });
  // Trust authentication never asks for the password, so the server accepts a URL that carries one; the
  // process is restarted with it so that every driver message could quote it.
  const url = new URL(running.proxiedUrl);
  url.password = PASSWORD;
  databaseUrl = url.toString();
  await running.server.stop();
});

afterAll(async () => {
  await running?.close();
});

const secrets = [PASSWORD, ADMIN_TOKEN, VISITOR_SALT];

describe('secrets', () => {
  it('never shows the database password, the admin token or the salt, also while the database fails', async () => {
    const { startServerProcess } = await import('../operations/support/tally-process.js');
    const server = await startServerProcess(['--migrate'], {
      DATABASE_URL: databaseUrl,
      ADMIN_TOKEN,
      VISITOR_SALT,
      LOG_LEVEL: 'debug',
    });
    const calls: readonly Call[] = [
      { method: 'POST', path: '/users', body: JSON.stringify({ username: 'x', email: 'bad' }) },
      { method: 'GET', path: '/submissions', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } },
      { method: 'GET', path: '/submissions', headers: { authorization: 'Bearer wrong-token-0123456789' } },
      { method: 'GET', path: '/-/ready' },
      { method: 'GET', path: '/metrics' },
      { method: 'GET', path: '/version' },
      { method: 'POST', path: '/visits', body: '{}' },
    ];
    const load = startLoad({ base: server.base, clients: 4, giveUpMs: 30_000, next: (client, n) => calls[(client + n) % calls.length] as Call });
    const cli: string[] = [];
    for (const mode of ['reset', 'partition'] as const) {
      running.proxy.setMode(mode);
      const run = await runTallyProcess(['users', 'list'], { DATABASE_URL: databaseUrl, VISITOR_SALT });
      cli.push(run.stdout, run.stderr);
      running.proxy.setMode('forward');
      const run2 = await runTallyProcess(['db', 'status'], { DATABASE_URL: databaseUrl, VISITOR_SALT });
      cli.push(run2.stdout, run2.stderr);
    }
    const answers: Answer[] = await load.stop();
    const stopped = await server.stop();

    const texts = {
      'server log': stopped.stdout + stopped.stderr,
      'answer bodies': answers.map((answer) => answer.body).join('\n'),
      'answer headers': answers.map((answer) => JSON.stringify(answer.headers)).join('\n'),
      'CLI output': cli.join('\n'),
    };
    const leaks = Object.entries(texts).flatMap(([where, text]) => [
      ...secrets.filter((secret) => text.includes(secret)).map((secret) => `${where}: ${secret.slice(0, 6)}…`),
      ...(CREDENTIAL_URL.test(text) ? [`${where}: ${CREDENTIAL_URL.exec(text)?.[0]}`] : []),
    ]);
    report('secrets: logs, bodies, headers, /metrics, /version, readiness and the CLI while the database resets and partitions', {
      requests: answers.length,
      statuses: statusCounts(answers),
      'log lines': texts['server log'].split('\n').length,
      'checked for': 'the database password, the admin token, the visitor salt, any URL with a password',
      leaks,
    });

    expect(answers.some((answer) => answer.path === '/-/ready' && answer.status === 503)).toBe(true);
    expect(leaks).toEqual([]);
  });
});
