#!/usr/bin/env node
// npm run bench [-- --duration S] [--workers 1,2] [--scale] [--json FILE]
//
// Starts the built `tally serve` (npm run build first) on a fresh database of the local PostgreSQL server
// (or BENCH_DATABASE_URL's), loads each scenario with autocannon, checks the counts it left, and prints one line
// per scenario next to pgbench's tps for the same INSERT, measured right before and right after. See README.md.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { freshDatabase } from './lib/database.mjs';
import { helpMs } from './lib/cli-start.mjs';
import { pgbenchTps } from './lib/pgbench.mjs';
import { READ_SCENARIOS, SCENARIOS, runScenario } from './lib/scenarios.mjs';
import { seed } from './lib/seed.mjs';
import { migrate, startServer } from './lib/tally-server.mjs';

const { values: options } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    workers: { type: 'string', default: '1,2' },
    scale: { type: 'boolean', default: false },
    json: { type: 'string' },
    only: { type: 'string' },
  },
});
const seconds = Number(options.duration);
const connections = Number(options.connections);
const loadOptions = { seconds, connections };
const chosen = (list) => (options.only ? list.filter((s) => options.only.split(',').includes(s.name)) : list);

const fmt = (n, digits = 0) => n.toFixed(digits).padStart(8);
function printRow(row) {
  console.log(
    `${row.scenario.padEnd(18)}${fmt(row.requestsPerSecond)} req/s  p50 ${fmt(row.p50Ms, 1)} ms  p99 ${fmt(row.p99Ms, 1)} ms  unexpected ${String(row.unexpected).padStart(5)}  peak RSS ${fmt(row.peakRssMb, 1)} MB`,
  );
}

async function measurePass(workers) {
  const database = await freshDatabase(`w${workers}`);
  try {
    migrate(database.url);
    const before = await pgbenchTps(database.url, { clients: connections, seconds });
    const server = await startServer(database.url, { workers });
    const rows = [];
    try {
      console.log(`\nTALLY_WORKERS=${workers}: serve ready in ${server.readyMs.toFixed(0)} ms; pgbench before: ${before.toFixed(0)} tps`);
      for (const scenario of chosen(SCENARIOS)) {
        const row = await runScenario(scenario, server, { databaseUrl: database.url, load: loadOptions });
        rows.push(row);
        printRow(row);
      }
    } finally {
      await server.stop();
    }
    const after = await pgbenchTps(database.url, { clients: connections, seconds });
    const mean = (before + after) / 2;
    const register = rows.find((row) => row.scenario === 'register user');
    for (const row of rows) row.percentOfPgbench = (100 * row.requestsPerSecond) / mean;
    console.log(
      `pgbench after: ${after.toFixed(0)} tps; register user = ${register ? register.percentOfPgbench.toFixed(1) : '–'} % of their mean (${mean.toFixed(0)} tps)`,
    );
    return { workers, readyMs: server.readyMs, pgbench: { before, after, mean }, scenarios: rows };
  } finally {
    await database.drop();
  }
}

async function measureSeeded() {
  const database = await freshDatabase('seeded');
  try {
    migrate(database.url);
    const started = performance.now();
    const seeded = await seed(database.url);
    console.log(`\nseeded ${seeded.users} users and ${seeded.visits} visits over ${seeded.days} days in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    const server = await startServer(database.url);
    const rows = [];
    try {
      for (const scenario of chosen(READ_SCENARIOS)) {
        const row = await runScenario(scenario, server, { databaseUrl: database.url, load: loadOptions });
        rows.push(row);
        printRow(row);
      }
    } finally {
      await server.stop();
    }
    return { readyMs: server.readyMs, scenarios: rows };
  } finally {
    await database.drop();
  }
}

const report = { startedAt: new Date().toISOString(), seconds, connections, cores: (await import('node:os')).cpus().length };
report.helpMs = helpMs();
console.log(`tally --help: ${report.helpMs.toFixed(0)} ms (median of 7)`);
report.passes = [];
for (const workers of options.workers.split(',').map(Number)) report.passes.push(await measurePass(workers));
if (options.scale) report.seeded = await measureSeeded();
if (options.json) writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
