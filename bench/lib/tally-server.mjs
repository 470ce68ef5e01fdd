// `tally serve` from dist/ as a child process: how long it takes to become ready, and its resident memory
// (the primary plus its cluster workers) sampled while a scenario runs.
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** The program a checkout ships (`npm run build` first): its package's `bin`, wherever that build puts it. */
export function builtTally(checkout) {
  const { bin } = JSON.parse(readFileSync(join(checkout, 'package.json'), 'utf8'));
  return join(checkout, bin.tally);
}

/** This checkout's; `--build` names others (an older commit's) to compare in the same run. */
export const MAIN = builtTally(fileURLToPath(new URL('../..', import.meta.url)));

async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  return port;
}

async function rssKb(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * CPU time (user + system) the process has used so far, in milliseconds: on a machine shared with other
 * work, wall time to readiness mostly measures the neighbours, CPU time measures tally.
 */
async function cpuMs(pid) {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of stat(5), counted in clock ticks of 10 ms.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function childrenOf(pid) {
  try {
    const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8');
    return text.split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The environment every bench server runs with: a server database, no write rate limit, logs as JSON. */
export function serverEnv(databaseUrl, extra = {}) {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    VISITOR_SALT: 'bench-visitor-salt-0123456789',
    ADMIN_TOKEN: 'bench-admin-token-0123456789',
    RATE_LIMIT_WRITES_PER_MINUTE: '0',
    LOG_FORMAT: 'json',
    NODE_ENV: 'production',
    ...extra,
  };
}

/** Applies the migrations through the CLI, as an operator would before starting the service. */
export function migrate(databaseUrl, main = MAIN) {
  const run = spawnSync(process.execPath, [main, 'db', 'migrate', '--json'], { env: serverEnv(databaseUrl), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`tally db migrate failed: ${run.stderr}`);
}

/**
 * Starts `tally serve` and resolves once readiness answers 200, with the time that took. Its output goes to
 * /dev/null: the request log is part of the work measured, reading it back is not.
 */
export async function startServer(databaseUrl, { workers = 1, nodeArgs = [], main = MAIN } = {}) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, main, 'serve'], {
    env: serverEnv(databaseUrl, { PORT: String(port), HOST: '127.0.0.1', TALLY_WORKERS: String(workers) }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`tally serve exited ${child.exitCode}: ${stderr}`);
    try {
      if ((await fetch(`${url}/-/ready`)).status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(10);
  }
  const readyMs = performance.now() - started;
  const treeCpuMs = async () => {
    const pids = [child.pid, ...(await childrenOf(child.pid))];
    const times = await Promise.all(pids.map((pid) => cpuMs(pid).catch(() => 0)));
    return times.reduce((sum, ms) => sum + ms, 0);
  };
  const readyCpuMs = await treeCpuMs();

  let peakKb = 0;
  let sampling;
  let cpuAtStart = 0;

  const sampleOnce = async () => {
    const pids = [child.pid, ...(await childrenOf(child.pid))];
    const sizes = await Promise.all(pids.map(rssKb));
    peakKb = Math.max(peakKb, sizes.reduce((sum, kb) => sum + kb, 0));
  };
  return {
    url,
    readyMs,
    readyCpuMs,
    pid: child.pid,
    /** Resets the peak and samples the whole process tree's RSS every 50 ms until `stopSampling`. */
    async startSampling() {
      peakKb = 0;
      cpuAtStart = await treeCpuMs();
      sampling = setInterval(sampleOnce, 50);
    },
    /** The peak RSS (MB) since `startSampling`, and the CPU time (ms) the process tree used meanwhile. */
    async stopSampling() {
      clearInterval(sampling);
      await sampleOnce();
      return { peakRssMb: peakKb / 1024, cpuMs: (await treeCpuMs()) - cpuAtStart };
    },
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}
