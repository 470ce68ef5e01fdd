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
    const refused = answers.filter((answer) => answer.status === 0 && /ECONNREFUSED/.test(answer.body));
    const lost = answers.filter((answer) => answer.status === 0 && !refused.includes(answer));
    const recorded = answers.filter((answer) => answer.status === 201).length;
    const [stored] = await running.query<{ visits: string }>('select count(*) as visits from visit');
    report(`termination: SIGTERM under ${CLIENTS} clients with SHUTDOWN_DRAIN_SECONDS=2`, {
      requests: answers.length,
      statuses: statusCounts(answers),
      'sent after SIGTERM': statusCounts(afterSignal),
      'refused at connect (never accepted)': refused.length,
      'accepted but not answered': lost.length,
      'slowest answer (ms)': slowest(answers.filter((answer) => answer.status > 0)),
      'visits acknowledged / stored': `${recorded} / ${stored?.visits}`,
      exit: run.code,
    });

    expect(lost.map((answer) => answer.body)).toEqual([]);
    expect(afterSignal.filter((answer) => answer.status === 201).length).toBeGreaterThan(0);
    expect(answers.filter((answer) => answer.status >= 500)).toEqual([]);
    expect(Number(stored?.visits)).toBe(recorded);
    expect(run.code).toBe(0);
  });
});
