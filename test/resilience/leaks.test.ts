import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Call } from './support/load.js';
import { report, slowest, startLoad, statusCounts, until } from './support/load.js';
import { startTallyBehindProxy, type TallyBehindProxy } from './support/tally-behind-proxy.js';

/** 200 000 as the issue asks; RESILIENCE_LEAK_REQUESTS runs a shorter version where a machine is too slow for it. */
const TOTAL = Number(process.env.RESILIENCE_LEAK_REQUESTS ?? 200_000);
const WARM_UP = TOTAL / 20;
const CLIENTS = 32;
const GC_HOOK = fileURLToPath(new URL('./support/gc-on-signal.ts', import.meta.url));

/** A mix of what clients do: probes, reads, writes, and requests that fail validation or match no route. */
const MIX: readonly ((client: number, n: number) => Call)[] = [
  () => ({ method: 'GET', path: '/-/healthy' }),
  () => ({ method: 'GET', path: '/stats' }),
  (client, n) => ({ method: 'POST', path: '/visits', body: JSON.stringify({ visitor: `v${client}-${n % 50}` }) }),
  () => ({ method: 'GET', path: '/users?limit=5' }),
  () => ({ method: 'POST', path: '/users', body: JSON.stringify({ username: '!', email: 'no' }) }),
  () => ({ method: 'GET', path: '/users?cursor=not-a-cursor' }),
  () => ({ method: 'GET', path: '/no/such/page' }),
  () => ({ method: 'GET', path: '/version' }),
];

let running: TallyBehindProxy;

beforeAll(async () => {
  // Generous database timeouts: this test is about memory, and over five minutes a PostgreSQL shared with other
  // work can stall past the default 3 s statement timeout (it did: 2 × 503 in 200 000). The outage tests cover those.
  running = await startTallyBehindProxy({
    NODE_OPTIONS: `--expose-gc --import ${GC_HOOK}`,
    DATABASE_CONNECT_TIMEOUT_SECONDS: '30',
    DATABASE_STATEMENT_TIMEOUT_SECONDS: '30',
  });
});

afterAll(async () => {
  await running?.close();
});

interface MemoryAfterGc {
  readonly rss: number;
  readonly heapUsed: number;
}

/** The server's resident set size and live heap after a full collection, as its preloaded hook reports them. */
async function memoryAfterGc(): Promise<MemoryAfterGc> {
  const { server } = running;
  const isReport = (line: Record<string, unknown>) => line.msg === 'rss after gc';
  const before = server.logLines().filter(isReport).length;
  server.child.kill('SIGUSR2');
  await server.waitForLog(isReport, before + 1);
  const line = server.logLines().filter(isReport)[before] as unknown as MemoryAfterGc;
  return { rss: line.rss, heapUsed: line.heapUsed };
}

describe('leaks', () => {
  it(`holds its memory through ${TOTAL} requests: the live heap after a forced GC stays within 10 % of its value after ${WARM_UP}, RSS within 50 %`, async () => {
    let sent = 0;
    const load = startLoad({
      base: running.server.base,
      clients: CLIENTS,
      giveUpMs: 30_000,
      next: (client, n) => {
        sent += 1;
        return (MIX[sent % MIX.length] as (client: number, n: number) => Call)(client, n);
      },
    });
    await until(() => load.answers.length >= WARM_UP, 600_000, `${WARM_UP} answers`);
    const baseline = await memoryAfterGc();
    await until(() => load.answers.length >= TOTAL, 600_000, `${TOTAL} answers`);
    const answers = await load.stop();
    const final = await memoryAfterGc();
    const growth = (final.rss - baseline.rss) / baseline.rss;
    const heapGrowth = (final.heapUsed - baseline.heapUsed) / baseline.heapUsed;
    report(`leaks: ${answers.length} requests from ${CLIENTS} clients`, {
      statuses: statusCounts(answers),
      'slowest answer (ms)': slowest(answers),
      [`RSS after GC at ${WARM_UP} (MB)`]: (baseline.rss / 1024 / 1024).toFixed(1),
      [`RSS after GC at ${answers.length} (MB)`]: (final.rss / 1024 / 1024).toFixed(1),
      'RSS growth': `${(growth * 100).toFixed(1)} %`,
      [`live heap after GC at ${WARM_UP} (MB)`]: (baseline.heapUsed / 1024 / 1024).toFixed(1),
      [`live heap after GC at ${answers.length} (MB)`]: (final.heapUsed / 1024 / 1024).toFixed(1),
      'live heap growth': `${(heapGrowth * 100).toFixed(1)} %`,
    });

    expect(answers.filter((answer) => answer.status === 0 || answer.status >= 500)).toEqual([]);
    // What the program still holds after a full collection is the leak signal, and it must stay within 10 %. RSS
    // also counts pages V8 and the allocator keep committed without using them; across runs here it moved between
    // -18 % and +17 % with no growth of the live heap, so it is bounded loosely, against a gross native leak.
    expect(heapGrowth).toBeLessThanOrEqual(0.1);
    expect(growth).toBeLessThanOrEqual(0.5);
  });
});
