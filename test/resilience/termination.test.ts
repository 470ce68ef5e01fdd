import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { report, slowest, startLoad, statusCounts, until } from './support/load.js';
import { startTallyBehindProxy, type TallyBehindProxy } from './support/tally-behind-proxy.js';

const CLIENTS = 16;

let running: TallyBehindProxy;

beforeAll(async () => {
  running = await startTallyBehindProxy({ SHUTDOWN_DRAIN_SECONDS: '2', LOG_LEVEL: 'info' });
});

afterAll(async () => {
  await running?.close();
});

describe('termination', () => {
  it('answers every request it accepted when SIGTERM arrives under load, then exits 0', async () => {
    const { server } = running;
    // A connection per request: each one is either refused at connect (never accepted) or must be answered.
    const load = startLoad({
      base: server.base,
      clients: CLIENTS,
      giveUpMs: 30_000,
      agent: new Agent({ keepAlive: false }),
      next: (client, n) =>
        client % 4 === 0 ? { method: 'GET', path: '/stats' } : { method: 'POST', path: '/visits', body: JSON.stringify({ visitor: `t${client}-${n}` }) },
    });
    await until(() => load.answers.filter((answer) => answer.status === 201).length >= 100, 60_000, '100 visits before SIGTERM');
    const signalledAt = load.now();
    server.child.kill('SIGTERM');
    const run = await server.exited;
    const answers = await load.stop();

    const afterSignal = answers.filter((answer) => answer.sentAt >= signalledAt);
    const unanswered = answers.filter((answer) => answer.status === 0);
    // Accepted means: the server began to handle it (its log says "incoming request"). A connection the kernel
    // took but the process never read (refused, or reset when the listener closed) was never accepted.
    const log = run.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { msg?: string; reqId?: string });
    const incoming = new Set(log.filter((line) => line.msg === 'incoming request').map((line) => line.reqId));
    const completed = new Set(log.filter((line) => line.msg === 'request completed').map((line) => line.reqId));
    const lost = [...incoming].filter((id) => !completed.has(id));
    const recorded = answers.filter((answer) => answer.status === 201).length;
    const [stored] = await running.query<{ visits: string }>('select count(*) as visits from visit');
    report(`termination: SIGTERM under ${CLIENTS} clients with SHUTDOWN_DRAIN_SECONDS=2`, {
      requests: answers.length,
      statuses: statusCounts(answers),
      'sent after SIGTERM': statusCounts(afterSignal),
      'accepted by the server (logged incoming)': incoming.size,
      'accepted but not answered': lost.length,
      'never accepted (refused, or reset before the server read them)': unanswered.length,
      'client errors': [...new Set(unanswered.map((answer) => answer.body.replace(/\d+\.\d+\.\d+\.\d+:\d+/, '')))],
      'slowest answer (ms)': slowest(answers.filter((answer) => answer.status > 0)),
      'visits acknowledged / stored': `${recorded} / ${stored?.visits}`,
      exit: run.code,
    });

    expect(lost).toEqual([]);
    // Every answer the server finished reached its client. Fastify's 503 to a request arriving while it closes is
    // sent before any hook runs, so it is an answer the log does not count as completed.
    // One exception, printed here: a keep-alive connection the server closes just after writing an answer, while
    // the client's next request is already in flight, can be reset before the client reads it (HTTP's known
    // close race; a client retries). It must stay rare.
    const resetAfterAnswer = Math.max(0, completed.size - answers.filter((answer) => answer.status > 0).length);
    report('termination: answers written, then lost to a reset of their keep-alive connection', { count: resetAfterAnswer });
    expect(resetAfterAnswer).toBeLessThanOrEqual(Math.ceil(incoming.size * 0.005));
    expect(answers.filter((answer) => answer.status > 0 && answer.status !== 503).length).toBeLessThanOrEqual(completed.size);
    expect(afterSignal.filter((answer) => answer.status === 201).length).toBeGreaterThan(0);
    // A request arriving on an open connection while the server closes gets Fastify's 503 (with Connection: close).
    expect(answers.filter((answer) => answer.status >= 500 && answer.status !== 503)).toEqual([]);
    expect(Number(stored?.visits)).toBe(recorded);
    expect(run.code).toBe(0);
  });
});
