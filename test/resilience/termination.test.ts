import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { report, slowest, startLoad, statusCounts, until } from './support/load.js';
import { startTallyBehindProxy, type TallyBehindProxy } from './support/tally-behind-proxy.js';

const CLIENTS = 16;

let running: TallyBehindProxy;

beforeAll(async () => {
  // debug: a request's arrival is logged at debug level (request-log.ts).
  running = await startTallyBehindProxy({ SHUTDOWN_DRAIN_SECONDS: '2', LOG_LEVEL: 'debug' });
});

afterAll(async () => {
  await running?.close();
});

describe('termination', () => {
  it('answers every request it accepted when SIGTERM arrives under load, then exits 0', async () => {
    const { server } = running;
    // Keep-alive connections, as real clients and load balancers use: each request is either one the server
    // never received (refused, or its connection closed before the server read it) or must be answered.
    const load = startLoad({
      base: server.base,
      clients: CLIENTS,
      giveUpMs: 30_000,
      agent: new Agent({ keepAlive: true, maxSockets: CLIENTS }),
      // Each request carries its own id, which the server logs as it receives it (request-id.ts).
      next: (client, n) => {
        const headers = { 'x-request-id': `t${client}-${n}` };
        return client % 4 === 0
          ? { method: 'GET', path: '/stats', headers }
          : { method: 'POST', path: '/visits', body: JSON.stringify({ visitor: `t${client}-${n}` }), headers };
      },
    });
    await until(() => load.answers.filter((answer) => answer.status === 201).length >= 100, 60_000, '100 visits before SIGTERM');
    const signalledAt = load.now();
    server.child.kill('SIGTERM');
    const run = await server.exited;
    const answers = await load.stop();

    const afterSignal = answers.filter((answer) => answer.sentAt >= signalledAt);
    const unanswered = answers.filter((answer) => answer.status === 0);
    // Accepted means: the server began to handle it (its log says "incoming request", under the id the client
    // sent). A connection the kernel took but the process never read (refused, or reset when the listener
    // closed) was never accepted.
    const log = run.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { msg?: string; reqId?: string });
    const accepted = new Set(log.filter((line) => line.msg === 'incoming request').map((line) => line.reqId));
    const acceptedButUnanswered = unanswered.filter((answer) => accepted.has(answer.requestId));
    const recorded = answers.filter((answer) => answer.status === 201).length;
    const [stored] = await running.query<{ visits: string }>('select count(*) as visits from visit');
    report(`termination: SIGTERM under ${CLIENTS} clients with SHUTDOWN_DRAIN_SECONDS=2`, {
      requests: answers.length,
      statuses: statusCounts(answers),
      'sent after SIGTERM': statusCounts(afterSignal),
      'accepted by the server (logged incoming)': accepted.size,
      'accepted but not answered': acceptedButUnanswered.map((answer) => `${answer.requestId}: ${answer.body}`),
      'never accepted (refused, or reset before the server read them)': unanswered.length - acceptedButUnanswered.length,
      'client errors': [...new Set(unanswered.map((answer) => answer.body.replace(/\d+\.\d+\.\d+\.\d+:\d+/, '')))],
      'slowest answer (ms)': slowest(answers.filter((answer) => answer.status > 0)),
      'visits acknowledged / stored': `${recorded} / ${stored?.visits}`,
      exit: run.code,
    });

    // Every request the server received was answered, and the client read the answer; a request that got no
    // answer is one the server never received.
    expect(acceptedButUnanswered).toEqual([]);
    expect(answers.every((answer) => answer.requestId !== undefined)).toBe(true);
    expect(afterSignal.filter((answer) => answer.status === 201).length).toBeGreaterThan(0);
    // A request arriving on an open connection while the server closes gets Fastify's 503 (with Connection: close).
    expect(answers.filter((answer) => answer.status >= 500 && answer.status !== 503)).toEqual([]);
    expect(Number(stored?.visits)).toBe(recorded);
    expect(run.code).toBe(0);
  });
});
