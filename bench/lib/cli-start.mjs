// How long `tally --help` takes from process start to exit: what every command pays before doing anything.
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';

import { MAIN } from './tally-server.mjs';

/** The median wall time of `runs` runs of `tally --help` (of the build whose entry point is `main`), in milliseconds. */
export function helpMs(runs = 7, main = MAIN) {
  const times = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    const run = spawnSync(process.execPath, [main, '--help'], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
    times.push(performance.now() - started);
    if (run.status !== 0 || !run.stdout.includes('tally')) throw new Error(`tally --help failed: ${run.stderr}`);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}
