// The CPU time the local PostgreSQL cluster's processes have used so far: next to tally's own CPU per request,
// it tells which side a scenario is limited by. Only a server on this machine can be read this way; for
// BENCH_DATABASE_URL elsewhere the figure is left out.
import { readdir, readFile } from 'node:fs/promises';

async function processCpuMs(pid) {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const [comm, rest] = [stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), stat.slice(stat.lastIndexOf(')') + 2)];
    if (comm !== 'postgres') return 0;
    const fields = rest.split(' ');
    // utime and stime (fields 14 and 15 of stat(5)), and cutime and cstime (16 and 17): what its children used
    // before they ended, so that a backend whose connection closed mid-scenario still counts (through the
    // postmaster that reaped it) instead of taking its CPU out of the sum. In clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return 0; // the process ended between the listing and the read
  }
}

/** Milliseconds of CPU used by every process named `postgres`, or undefined when the server is not local. */
export async function databaseCpuMs(databaseUrl) {
  const host = new URL(databaseUrl).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]', ''].includes(host)) return undefined;
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const times = await Promise.all(pids.map(processCpuMs));
  return times.reduce((sum, ms) => sum + ms, 0);
}
