// pgbench running the single-row INSERT that registering a user costs, on the same database and server as tally:
// the yardstick every figure of the run is divided by, since absolute numbers on a shared machine mean little.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { query } from './database.mjs';

// A copy of user_account with its constraints and indexes, so pgbench's rows never mix with tally's counts.
const TABLE = 'pgbench_user_account';
const SCRIPT = `insert into ${TABLE} (id, username, email, created_at)
  select u, 'pgbench_' || u, 'pgbench_' || u || '@example.com', now() from gen_random_uuid() as u;
`;

/** Transactions per second of the INSERT with `clients` prepared-statement clients for `seconds`. */
export async function pgbenchTps(url, { clients, seconds }) {
  await query(url, `create table if not exists ${TABLE} (like user_account including all)`);
  const dir = mkdtempSync(join(tmpdir(), 'tally-pgbench-'));
  try {
    const script = join(dir, 'insert.sql');
    writeFileSync(script, SCRIPT);
    const run = spawnSync('pgbench', ['-n', '-M', 'prepared', '-c', String(clients), '-j', '2', '-T', String(seconds), '-f', script, url], {
      encoding: 'utf8',
    });
    const match = /tps = ([\d.]+)/.exec(run.stdout);
    if (run.status !== 0 || !match) throw new Error(`pgbench failed (${run.status}): ${run.stderr}${run.stdout}`);
    return Number(match[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await query(url, `truncate ${TABLE}`);
  }
}
