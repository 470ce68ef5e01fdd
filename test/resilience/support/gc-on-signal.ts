import { readFileSync } from 'node:fs';

/** Resident kB of the process's mappings by kind: malloc's main heap, other anonymous memory, and files. */
function residentByKind(): Record<string, number> {
  const kinds = { brkHeap: 0, anonymous: 0, files: 0, anonymousMappings: 0 };
  let kind: keyof typeof kinds = 'files';
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const mapping = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (mapping) {
      const path = mapping[1] ?? '';
      kind = path === '[heap]' ? 'brkHeap' : path === '' ? 'anonymous' : 'files';
      if (kind === 'anonymous') kinds.anonymousMappings += 1;
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) kinds[kind] += Number(rss[1]) * 1024;
  }
  return kinds;
}

/**
 * Preloaded into a `tally serve` under test (NODE_OPTIONS="--expose-gc --import this-file"), never into
 * production: on SIGUSR2 it runs a full garbage collection and logs the memory that remains — resident set, V8's
 * heap (live and committed), memory outside it, and the resident pages by kind of mapping — as a JSON line the
 * test reads. Memory is measured from outside the application's code, with nothing added to it.
 */
process.on('SIGUSR2', () => {
  globalThis.gc?.({ type: 'major', execution: 'sync' });
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ msg: 'rss after gc', rss, heapUsed, heapTotal, external, arrayBuffers, ...residentByKind() })}\n`);
});
