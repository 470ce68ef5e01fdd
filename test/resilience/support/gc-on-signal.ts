/**
 * Preloaded into a `tally serve` under test (NODE_OPTIONS="--expose-gc --import this-file"), never into
 * production: on SIGUSR2 it runs a full garbage collection and logs the resident set size and the live heap that remain, as a
 * JSON line the test reads. Memory is measured from outside the application's code, with nothing added to it.
 */
process.on('SIGUSR2', () => {
  globalThis.gc?.({ type: 'major', execution: 'sync' });
  const { rss, heapUsed } = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ msg: 'rss after gc', rss, heapUsed })}\n`);
});
