#!/usr/bin/env node
// npm run bench [-- --duration S] [--workers 1,2] [--build before=DIR] [--scale | --seeded URL] [--json FILE]
//
// Starts the built `tally serve` (npm run build first) on a fresh database of the local PostgreSQL server
// (or BENCH_DATABASE_URL's), loads each scenario with autocannon, checks the counts it left, and prints one line
// per scenario next to pgbench's tps for the same INSERT, measured right before and right after. `--build
// label=DIR` adds another checkout's build (an older commit, with its dist/ built) to the same run, so that a
// change is measured before → after under the same load. See README.md.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { helpMs } from './lib/cli-start.mjs';
import { freshDatabase } from './lib/database.mjs';
import { pgbenchTps } from './lib/pgbench.mjs';
import { READ_SCENARIOS, SCENARIOS, runScenario } from './lib/scenarios.mjs';
import { seed } from './lib/seed.mjs';
import { builtTally, MAIN, migrate, startServer } from './lib/tally-server.mjs';

const { values: options } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    workers: { type: 'string', default: '1,2' },
    build: { type: 'string', multiple: true, default: [] },
    scale: { type: 'boolean', default: false },
    seeded: { type: 'string' },
    json: { type: 'string' },
    only: { type: 'string' },
  },
});
const seconds = Number(options.duration);
const connections = Number(options.connections);
const loadOptions = { seconds, connections };
const chosen = (list) => (options.only ? list.filter((s) => options.only.split(',').includes(s.name)) : list);
const builds = [
  ...options.build.map((spec) => {
    const [label, dir] = spec.split('=');
    return { label, main: builtTally(resolve(dir)) };
  }),
  { label: 'this', main: MAIN },
];

const fmt = (n, digits = 0) => n.toFixed(digits).padStart(7);
// The seeded database's scenarios run without pgbench beside them: they have no share to print.
const share = (percent) => (percent === undefined ? ' '.repeat(19) : `${fmt(percent, 1)} % of pgbench`);
function printRow(row) {
  console.log(
    `  ${row.scenario.padEnd(16)}${fmt(row.requestsPerSecond)} req/s${share(row.percentOfPgbench)}  p50 ${fmt(row.p50Ms, 1)} ms  p99 ${fmt(row.p99Ms, 1)} ms  unexpected ${String(row.unexpected).padStart(4)}  peak RSS ${fmt(row.peakRssMb, 1)} MB  CPU ${fmt(row.cpuMsPerRequest, 2)} ms/req  db CPU ${fmt(row.databaseCpuMsPerRequest ?? NaN, 2)} ms/req`,
  );
}

/** One build with one worker count: pgbench, every scenario, pgbench again, on a fresh database. */
async function measurePass(build, workers) {
  const database = await freshDatabase(`${build.label}_w${workers}`);
  try {
    migrate(database.url, build.main);
    const before = await pgbenchTps(database.url, { clients: connections, seconds });
    const server = await startServer(database.url, { workers, main: build.main });
    console.log(
      `\n[${build.label}] TALLY_WORKERS=${workers}: ready in ${server.readyMs.toFixed(0)} ms (${server.readyCpuMs} ms CPU); pgbench before ${before.toFixed(0)} tps`,
    );
    const rows = [];
    try {
      for (const scenario of chosen(SCENARIOS)) {
        const row = await runScenario(scenario, server, { databaseUrl: database.url, load: loadOptions });
        rows.push(row);
        // Shown as it is measured, against pgbench before; the final figure is against the mean, below.
        printRow({ ...row, percentOfPgbench: (100 * row.requestsPerSecond) / before });
      }
    } finally {
      await server.stop();
    }
    const after = await pgbenchTps(database.url, { clients: connections, seconds });
    const mean = (before + after) / 2;
    // Percentages are of the mean of the two pgbench runs around the scenarios.
    for (const row of rows) row.percentOfPgbench = (100 * row.requestsPerSecond) / mean;
    console.log(`  pgbench after ${after.toFixed(0)} tps; % of their mean (${mean.toFixed(0)} tps): ${rows.map((row) => `${row.scenario} ${row.percentOfPgbench.toFixed(1)}`).join(', ')}`);
    return { build: build.label, workers, readyMs: server.readyMs, readyCpuMs: server.readyCpuMs, pgbench: { before, after, mean }, scenarios: rows };
  } finally {
    await database.drop();
  }
}

/**
 * The scale database: a fresh one, seeded now (minutes), or with `--seeded URL` one seeded before by
 * `bench/seed.mjs` and kept, which is only migrated (the builds compared must accept its migrations).
 */
async function scaleDatabase() {
  if (options.seeded) {
    migrate(options.seeded);
    return { url: options.seeded, drop: async () => {} };
  }
  const database = await freshDatabase('seeded');
  migrate(database.url);
  const started = performance.now();
  const seeded = await seed(database.url);
  console.log(`\nseeded ${seeded.users} users and ${seeded.visits} visits over ${seeded.days} days in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return database;
}

const WARM_UP_SECONDS = 2;

/** list users and stats on 1 000 000 users and 10 000 000 visits, with each build. */
async function measureSeeded() {
  const database = await scaleDatabase();
  try {
    const passes = [];
    for (const build of builds) {
      const server = await startServer(database.url, { main: build.main });
      console.log(`[${build.label}] on the seeded database, after ${WARM_UP_SECONDS} s of each scenario unmeasured`);
      const rows = [];
      try {
        // A fresh server spends its first seconds compiling its hot paths; the empty database's servers have
        // done so by their list users and stats, under the scenarios before. The two are compared warm.
        for (const scenario of chosen(READ_SCENARIOS)) {
          await scenario.run({ databaseUrl: database.url, load: { ...loadOptions, seconds: WARM_UP_SECONDS }, url: server.url });
        }
        for (const scenario of chosen(READ_SCENARIOS)) {
          const row = await runScenario(scenario, server, { databaseUrl: database.url, load: loadOptions });
          rows.push(row);
          printRow(row);
        }
      } finally {
        await server.stop();
      }
      passes.push({ build: build.label, scenarios: rows });
    }
    return passes;
  } finally {
    await database.drop();
  }
}

console.log(`${cpus().length} cores, ${connections} connections, ${seconds} s per scenario; load average ${loadavg().map((n) => n.toFixed(1)).join(' ')}`);
const report = { startedAt: new Date().toISOString(), seconds, connections, cores: cpus().length, help: {}, passes: [] };
for (const build of builds) {
  report.help[build.label] = helpMs(7, build.main);
  console.log(`[${build.label}] tally --help: ${report.help[build.label].toFixed(0)} ms (median of 7)`);
}
for (const workers of options.workers.split(',').map(Number)) {
  // Other builds predate TALLY_WORKERS: they are measured with one worker only.
  for (const build of workers === 1 ? builds : builds.slice(-1)) report.passes.push(await measurePass(build, workers));
}
if (options.scale || options.seeded) report.seeded = await measureSeeded();
if (options.json) writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
