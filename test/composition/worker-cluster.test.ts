import cluster from 'node:cluster';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { superviseWorkers } from '../../composition/worker-cluster.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tally-worker-cluster-'));
  // A worker that cannot start, as one whose database is unreachable: it exits at once with that exit code.
  const worker = join(dir, 'worker.mjs');
  await writeFile(worker, 'process.exit(7);\n');
  cluster.setupPrimary({ exec: worker, silent: true });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the primary of TALLY_WORKERS', () => {
  it("answers its workers' exit code when their channel breaks as they exit", async () => {
    // What node's cluster emits when it writes to a worker that has just exited (seen under load: the primary
    // died of it with exit code 1, and `tally serve` reported 1 instead of the workers' 7).
    const breakChannel = (worker: ReturnType<typeof cluster.fork>) =>
      worker.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE', syscall: 'write' }));
    cluster.on('fork', breakChannel);
    try {
      await expect(superviseWorkers(2)).resolves.toBe(7);
    } finally {
      cluster.off('fork', breakChannel);
    }
  });
});
