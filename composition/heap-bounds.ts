/**
 * V8's heap, bounded for a service that should stay under 150 MB resident. Left to itself, V8 (Node 24) lets
 * the young generation grow to 64 MB semi-spaces and the old one to four times what survived the last full
 * collection, because collecting less often is cheaper: under 50 connections a server whose live heap stays
 * under 40 MB reached 360–400 MB resident. Small semi-spaces keep the young generation at 8 MB; a 256 MB old-space
 * limit makes V8 grow that space by its smallest factor (1.3×) between full collections. The price is CPU: more
 * of each in-flight request survives a collection, and the routes that allocate most spent a third or more CPU
 * per request in the same run (bench/README.md). Larger semi-spaces trade memory back for that CPU.
 */
export const HEAP_FLAGS = ['--max-semi-space-size=4', '--max-old-space-size=256'];

/**
 * Replaces this process, in place, with the same command under HEAP_FLAGS: V8 reads them only when it starts,
 * and only from node's own command line or NODE_OPTIONS. Called first thing in main.ts, before anything is
 * loaded or done, it bounds every way tally starts — `npm start`, the `tally` bin, the image's entry point,
 * cluster workers (forked with this process's flags, so they need no restart) — from this one place. The pid,
 * arguments, environment and open descriptors stay the same; the cost is one more start of node itself. A flag
 * that an operator gives (NODE_OPTIONS=--max-old-space-size=1024 for a huge import) wins over ours.
 */
export function execWithBoundedHeap(): void {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  const missing = HEAP_FLAGS.filter((flag) => !given.some((arg) => arg.startsWith(flag.slice(0, flag.indexOf('=')))));
  // Windows has no execve: tally runs there unbounded, as node would by default.
  if (missing.length === 0 || process.execve === undefined) return;
  process.execve(process.execPath, [process.execPath, ...missing, ...process.execArgv, ...process.argv.slice(1)]);
}
