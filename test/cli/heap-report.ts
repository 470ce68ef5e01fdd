/**
 * Preloaded into the built binary under test (NODE_OPTIONS="--import this-file"), never into production: writes
 * one JSON line to stderr each time node starts in the process, with the flags and malloc setting it started
 * with, and one when the process exits, with the heap limit that V8 ended up with.
 */
import { getHeapStatistics } from 'node:v8';

process.stderr.write(
  `${JSON.stringify({ started: process.pid, execArgv: process.execArgv, mallocMmapThreshold: process.env.MALLOC_MMAP_THRESHOLD_ })}\n`,
);
process.on('exit', () => {
  process.stderr.write(`${JSON.stringify({ exited: process.pid, heapSizeLimitMb: getHeapStatistics().heap_size_limit / 2 ** 20 })}\n`);
});
