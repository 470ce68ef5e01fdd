/**
 * V8's heap, bounded for a service that should stay under 150 MB resident. Left to itself, V8 (Node 24) lets
 * the young generation grow to 64 MB semi-spaces and the old one to four times what survived the last full
 * collection, because collecting less often is cheaper: under 50 connections a server whose live heap stays
 * under 40 MB reached 360–400 MB resident. 8 MB semi-spaces keep the young generation at 16 MB; a 256 MB old-space
 * limit makes V8 grow that space by its smallest factor (1.3×) between full collections. 4 MB semi-spaces saved
 * another 5–7 MB at peak but made scavenges 15 % of the home page's time against 9 % (bench/README.md, sixth
 * session); larger semi-spaces trade more memory for less CPU.
 */
export const HEAP_FLAGS = ['--max-semi-space-size=8', '--max-old-space-size=256'];

/**
 * glibc's malloc, for what V8 and Node allocate outside the JavaScript heap (compiler zones, I/O buffers). By
 * default a freed block stays in the arena of the thread that allocated it, and V8's and libuv's threads each
 * have one: under load they held 16–30 MB. Blocks of 32 KB and more are then mapped on their own and go back to
 * the system when freed. Other C libraries (musl) ignore the variable.
 */
export const MALLOC_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: '32768' };

/**
 * Replaces this process, in place, with the same command under HEAP_FLAGS and MALLOC_ENV: V8 and malloc read them
 * only when the process starts, V8 only from node's command line or NODE_OPTIONS. Called as a command is about to
 * load the runtime (lazy-cli-services.ts), before it has read or written anything, it bounds every way tally does
 * work — `npm start`, the `tally` bin, the image's entry point, cluster workers (forked with this process's flags
 * and environment, so they need no restart) — from one place, while `tally --help`, `version` and a usage error,
 * which load nothing, skip the restart: about a quarter of their time. The pid, arguments and open descriptors
 * stay the same; the cost is one more start of node and one more reading of the command line. A flag or variable
 * that an operator gives (NODE_OPTIONS=--max-old-space-size=1024 for a huge import) wins over ours.
 */
export function execWithBoundedMemory(): void {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  const missingFlags = HEAP_FLAGS.filter((flag) => !given.some((arg) => arg.startsWith(flag.slice(0, flag.indexOf('=')))));
  const envComplete = Object.keys(MALLOC_ENV).every((name) => process.env[name] !== undefined);
  // Windows has no execve: tally runs there unbounded, as node would by default.
  if ((missingFlags.length === 0 && envComplete) || process.execve === undefined) return;
  process.execve(
    process.execPath,
    [process.execPath, ...missingFlags, ...process.execArgv, ...process.argv.slice(1)],
    { ...MALLOC_ENV, ...process.env },
  );
}
