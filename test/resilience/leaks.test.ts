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

/** What gc-on-signal.ts reports, in bytes. */
interface MemoryAfterGc {
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  readonly arrayBuffers: number;
  readonly brkHeap: number;
  readonly anonymous: number;
  readonly files: number;
  readonly anonymousMappings: number;
}

/** The server's resident set size and live heap after a full collection, as its preloaded hook reports them. */
async function memoryAfterGc(): Promise<MemoryAfterGc> {
  const { server } = running;
  const isReport = (line: Record<string, unknown>) => line.msg === 'rss after gc';
  const before = server.logLines().filter(isReport).length;
  server.child.kill('SIGUSR2');
  await server.waitForLog(isReport, before + 1);
  return server.logLines().filter(isReport)[before] as unknown as MemoryAfterGc;
}

const mb = (bytes: number) => Number((bytes / 1024 / 1024).toFixed(1));

/** One sample as a row of the printed table: every figure in MB but the count of anonymous mappings. */
function row(answered: number, memory: MemoryAfterGc) {
  return [answered, mb(memory.rss), mb(memory.heapUsed), mb(memory.heapTotal), mb(memory.external), mb(memory.arrayBuffers), mb(memory.brkHeap), mb(memory.anonymous), mb(memory.files), memory.anonymousMappings];
}

describe('leaks', () => {
  it(`holds its memory through ${TOTAL} requests: RSS and the live heap after a forced GC stay within 10 % of their values after ${WARM_UP}`, async () => {
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
    // A sample after every WARM_UP answers: the course of memory over the run, not only its two ends.
    const samples: (readonly [number, MemoryAfterGc])[] = [];
    for (let target = WARM_UP; target < TOTAL; target += WARM_UP) {
      await until(() => load.answers.length >= target, 600_000, `${target} answers`);
      samples.push([load.answers.length, await memoryAfterGc()]);
    }
    await until(() => load.answers.length >= TOTAL, 600_000, `${TOTAL} answers`);
    const answers = await load.stop();
    const final = await memoryAfterGc();
    samples.push([answers.length, final]);
    const baseline = (samples[0] as readonly [number, MemoryAfterGc])[1];
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
      'after GC (MB): answers, rss, heap used, heap committed, external, array buffers, malloc brk heap, other anonymous, files, anonymous mappings':
        '\n' + samples.map(([answered, memory]) => `    ${row(answered, memory).join(', ')}`).join('\n'),
    });

    expect(answers.filter((answer) => answer.status === 0 || answer.status >= 500)).toEqual([]);
    // What the program still holds after a full collection is the leak signal. RSS also counts what V8 and malloc
    // keep committed; it holds within 10 % because tally bounds V8's heap itself (composition/heap-bounds.ts):
    // V8 left to size its young generation moved RSS between -18 % and +17 % here with the live heap flat.
    expect(heapGrowth).toBeLessThanOrEqual(0.1);
    expect(growth).toBeLessThanOrEqual(0.1);
  });
});
