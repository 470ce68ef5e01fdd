#!/usr/bin/env node
// Benchmark, not a test: imports a generated 1 000 000-row Titanic-shaped CSV with the built CLI
// (`npm run build` first) and prints rows per second and the importing process's peak resident memory.
//
//   node bench/people-import.mjs [rows]
//
// DATABASE_URL names the PostgreSQL database to import into (it is migrated first); unset, a fresh database is
// created on postgres://postgres@127.0.0.1:5432 and dropped afterwards. Targets (issue #11): ≥ 100 000 rows/s, < 150 MB.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { clearInterval, setInterval } from 'node:timers';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { builtTally } from './lib/tally-server.mjs';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';
const MAIN = builtTally(fileURLToPath(new URL('..', import.meta.url)));

const names = ['Braund, Mr. Owen Harris', 'Cumings, Mrs. John Bradley (Florence Briggs Thayer)', 'Miss. Laina Heikkinen'];

/** Streams the file so that generating it needs no more memory than the import may use. */
async function writeCsv(path, rows) {
  const out = createWriteStream(path);
  out.write('Survived,Pclass,Name,Sex,Age,Siblings/Spouses Aboard,Parents/Children Aboard,Fare\n');
  for (let i = 0; i < rows; i += 1) {
    const name = `${names[i % names.length]} ${i}`;
    const line = `${i % 2},${(i % 3) + 1},"${name}",${i % 2 ? 'female' : 'male'},${(i % 80) + 0.5},${i % 4},${i % 3},${((i % 500) + 7.25).toFixed(4)}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function onServer(sql) {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Kilobytes from a /proc/<pid>/status line, or 0 once the process is gone. */
async function peakRssKb(pid) {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

const dir = await mkdtemp(join(tmpdir(), 'tally-bench-'));
const file = join(dir, 'people.csv');
const ownDatabase = process.env.DATABASE_URL ? undefined : `tally_bench_${process.pid}`;
const databaseUrl = process.env.DATABASE_URL ?? SERVER.replace(/\/postgres$/, `/${ownDatabase}`);
const env = { ...process.env, DATABASE_URL: databaseUrl, VISITOR_SALT: process.env.VISITOR_SALT ?? 'bench-visitor-salt-0123456789' };
try {
  let started = Date.now();
  await writeCsv(file, ROWS);
  const { size } = await stat(file);
  console.log(`generated ${ROWS} rows (${(size / 1e6).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  if (ownDatabase) await onServer(`create database ${ownDatabase}`);
  const migrated = spawnSync(process.execPath, [MAIN, 'db', 'migrate', '--json'], { env, encoding: 'utf8' });
  if (migrated.status !== 0) throw new Error(`db migrate failed: ${migrated.stderr}`);

  started = Date.now();
  const child = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), MAIN, 'people', 'import', file, '--json', ...(process.env.BENCH_DRY ? ['--dry-run'] : [])], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  // VmHWM only grows, so the last reading before the process exits is its peak.
  let peakKb = 0;
  const sampler = setInterval(async () => {
    peakKb = Math.max(peakKb, await peakRssKb(child.pid));
  }, 20);
  // 'close', not 'exit': the summary may still be in the pipe when the process has exited.
  const [code] = await once(child, 'close');
  clearInterval(sampler);
  const seconds = (Date.now() - started) / 1000;
  if (code !== 0) throw new Error(`import exited ${code}: ${stderr}`);

  const summary = JSON.parse(stdout);
  console.log(`imported ${summary.imported} rows in ${seconds.toFixed(2)} s (process start to exit)`);
  console.log(`rows/s:   ${Math.round(summary.imported / seconds)}   (target ≥ 100000)`);
  console.log(`peak RSS: ${(peakKb / 1024).toFixed(1)} MB   (target < 150 MB)`);
} finally {
  await rm(dir, { recursive: true, force: true });
  if (ownDatabase) await onServer(`drop database if exists ${ownDatabase} with (force)`);
}
