import cluster, { type Worker } from 'node:cluster';

/**
 * `TALLY_WORKERS=N` on a host with more cores: this (primary) process serves nothing itself and runs N copies
 * of `tally serve` (node:cluster), which share the listening port; the operating system spreads connections
 * over them. SIGTERM and SIGINT are passed on so each worker drains as a single process would; the primary
 * exits once all have, with the first failing worker's exit code. A signal that comes while workers are still
 * starting stops them too: each finishes opening and exits 0 without listening, or, if the signal comes before
 * its code is loaded, dies of it, which is a clean stop for a worker that never served. A worker that dies
 * while serving is replaced; one that dies before it ever listened (bad configuration, database unreachable at
 * start) would only die again, so the others are stopped and its exit code is the primary's.
 */
export function superviseWorkers(count: number): Promise<number> {
  return new Promise((resolve) => {
    let stopping: NodeJS.Signals | undefined;
    let exitCode = 0;
    let running = 0;
    const listened = new WeakSet<Worker>();

    const stopAll = (signal: NodeJS.Signals) => {
      stopping = signal;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    };
    const onSignal = (signal: NodeJS.Signals) => stopAll(signal);
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);

    const start = () => {
      const worker = cluster.fork();
      running += 1;
      worker.once('listening', () => listened.add(worker));
      // Node's cluster answers a worker's disconnect over their channel; a worker that exits at once (one that
      // failed to start) is gone before the answer, and writing it fails with EPIPE. Unheard, that error would
      // end the primary with exit code 1 instead of the worker's. The worker's 'exit' event, below, still says
      // how it ended, so a broken channel changes nothing else.
      worker.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') process.stderr.write(`tally: channel to worker ${worker.process.pid} failed: ${error.message}\n`);
      });
    };

    cluster.on('exit', (worker, code, signal) => {
      running -= 1;
      if (!stopping && listened.has(worker)) {
        process.stderr.write(`tally: worker ${worker.process.pid} died (${signal ?? `exit ${code}`}); starting another\n`);
        start();
        return;
      }
      const stoppedBeforeServing = signal !== null && signal === stopping && !listened.has(worker);
      if (exitCode === 0 && !stoppedBeforeServing && (code !== 0 || signal !== null)) exitCode = code || 1;
      if (!stopping) stopAll('SIGTERM');
      if (running === 0) {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        resolve(exitCode);
      }
    });

    for (let i = 0; i < count; i += 1) start();
  });
}

/**
 * Runs a worker's `tally serve` and then closes its channel to the primary, which would otherwise keep the
 * worker alive after the server has stopped (or failed to start) and hide its exit code from the primary.
 */
export async function serveAsWorker(serve: () => Promise<void>): Promise<void> {
  try {
    await serve();
  } finally {
    cluster.worker?.disconnect();
  }
}
