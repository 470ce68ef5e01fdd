// The six scenarios. Each loads the server, then checks what the database holds against what was
// answered, and throws when they disagree: a fast wrong answer is a failure, not a result.
import { setTimeout as sleep } from 'node:timers/promises';
import { query } from './database.mjs';
import { answered, load, unexpected } from './load.mjs';
import { databaseCpuMs } from './database-cpu.mjs';

let sequence = 0;
/** Unique per request across the whole run, so every registration is a new user and every visit a new visitor. */
const nextId = () => `${process.pid.toString(36)}x${(sequence++).toString(36)}`;

function check(condition, message) {
  if (!condition) throw new Error(`count check failed: ${message}`);
}

async function count(databaseUrl, sql, params) {
  const [row] = await query(databaseUrl, sql, params);
  return Number(row.count);
}

/** Rows written while answers were abandoned at the end of the run: at most one per connection. */
function checkWritten(written, answeredCount, connections, what) {
  check(
    written >= answeredCount && written <= answeredCount + connections,
    `${written} ${what} written for ${answeredCount} answered requests (allowed: up to ${connections} more, abandoned in flight)`,
  );
}

/**
 * Loads the server with `options` and checks the rows `table` gained against the answers with `status`: one
 * row per answer, and at most one more per connection for requests abandoned in flight.
 */
async function loadCountingRows(ctx, { table, what, status }, options) {
  const rows = () => count(ctx.databaseUrl, `select count(*) from ${table}`);
  const before = await rows();
  const run = await load(ctx.url, { ...ctx.load, ...options });
  checkWritten((await settled(rows)) - before, answered(run, status), ctx.load.connections, what);
  return run;
}

const registerUser = {
  name: 'register user',
  status: 201,
  async run(ctx) {
    const ids = [];
    const run = await loadCountingRows(ctx, { table: 'user_account', what: 'users', status: this.status }, {
      readBody: true,
      request: {
        method: 'POST',
        path: '/users',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => {
          const id = nextId();
          return { ...request, body: JSON.stringify({ username: `u${id}`, email: `u${id}@example.com` }) };
        },
      },
      onAnswer: (status, body) => {
        if (status === 201) ids.push(JSON.parse(body).id);
      },
    });
    const found = await count(ctx.databaseUrl, 'select count(*) from user_account where id = any($1::uuid[])', [ids]);
    check(found === ids.length, `${ids.length} users answered 201 but only ${found} of their ids are stored`);
    return run;
  },
};

const listUsers = {
  name: 'list users',
  status: 200,
  async run(ctx) {
    const total = await count(ctx.databaseUrl, 'select count(*) from user_account');
    const expected = Math.min(total, 50);
    let wrongLength = 0;
    let sampled = 0;
    const run = await load(ctx.url, {
      ...ctx.load,
      readBody: true,
      request: { method: 'GET', path: '/users?limit=50' },
      // Parsing every page would load the generator more than the server; every 64th answer is checked.
      onAnswer: (status, body) => {
        if (status !== 200 || sampled++ % 64 !== 0) return;
        if (JSON.parse(body).length !== expected) wrongLength += 1;
      },
    });
    check(wrongLength === 0, `${wrongLength} sampled pages did not hold ${expected} users`);
    return run;
  },
};

/**
 * Requests autocannon abandoned still finish on the server after the run: the counts are read once they stop
 * moving (two equal readings 200 ms apart).
 */
async function settled(read) {
  let previous = await read();
  for (;;) {
    await sleep(200);
    const current = await read();
    if (current === previous) return current;
    previous = current;
  }
}

/** The counters tally reads must agree with the rows it wrote, exactly. */
async function checkStatistics(ctx) {
  await settled(() => count(ctx.databaseUrl, 'select count(*) from visit'));
  const stats = await (await fetch(`${ctx.url}/stats`)).json();
  const visits = await count(ctx.databaseUrl, 'select count(*) from visit');
  const visitors = await count(ctx.databaseUrl, 'select count(*) from visitor');
  check(stats.totalVisits === visits, `/stats says ${stats.totalVisits} visits, the visit table holds ${visits}`);
  check(stats.uniqueVisitors === visitors, `/stats says ${stats.uniqueVisitors} unique visitors, the visitor table holds ${visitors}`);
  return stats;
}

const homePageVisit = {
  name: 'home page visit',
  status: 200,
  async run(ctx) {
    const before = await checkStatistics(ctx);
    const run = await load(ctx.url, {
      ...ctx.load,
      request: {
        method: 'GET',
        path: '/',
        // A new User-Agent makes every request a new visitor.
        setupRequest: (request) => ({ ...request, headers: { 'user-agent': `bench-${nextId()}` } }),
      },
    });
    const after = await checkStatistics(ctx);
    const visits = after.totalVisits - before.totalVisits;
    checkWritten(visits, answered(run, 200), ctx.load.connections, 'visits');
    check(after.uniqueVisitors - before.uniqueVisitors === visits, `${visits} new visitors made ${after.uniqueVisitors - before.uniqueVisitors} unique visitors`);
    return run;
  },
};

const stats = {
  name: 'stats',
  status: 200,
  async run(ctx) {
    const expected = await checkStatistics(ctx);
    let wrong = 0;
    const run = await load(ctx.url, {
      ...ctx.load,
      readBody: true,
      request: { method: 'GET', path: '/stats' },
      onAnswer: (status, body) => {
        if (status === 200 && JSON.parse(body).totalVisits !== expected.totalVisits) wrong += 1;
      },
    });
    check(wrong === 0, `${wrong} answers did not say ${expected.totalVisits} visits`);
    return run;
  },
};

const formSubmission = {
  name: 'form submission',
  status: 303,
  async run(ctx) {
    // A browser opens the form first: its post carries the CSRF cookie and the page's token.
    const page = await fetch(`${ctx.url}/form`);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
    const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    return loadCountingRows(ctx, { table: 'form_submission', what: 'submissions', status: this.status }, {
      request: {
        method: 'POST',
        path: '/form',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        setupRequest: (request) => ({
          ...request,
          body: `_csrf=${encodeURIComponent(token)}&name=bench+${nextId()}&favoriteColor=teal&pet=cats`,
        }),
      },
    });
  },
};

const readiness = {
  name: 'readiness',
  status: 200,
  run: (ctx) => load(ctx.url, { ...ctx.load, request: { method: 'GET', path: '/-/ready' } }),
};

export const SCENARIOS = [registerUser, listUsers, homePageVisit, stats, formSubmission, readiness];
/** What the seeded database is measured with, next to the empty one. */
export const READ_SCENARIOS = [listUsers, stats];

/** Runs one scenario with the server's memory sampled; throws when its checks fail. */
export async function runScenario(scenario, server, ctx) {
  const databaseCpuBefore = await databaseCpuMs(ctx.databaseUrl);
  await server.startSampling();
  const run = await scenario.run({ ...ctx, url: server.url });
  const { peakRssMb, cpuMs } = await server.stopSampling();
  const databaseCpuAfter = await databaseCpuMs(ctx.databaseUrl);
  const answers = [...run.statuses.values()].reduce((sum, n) => sum + n, 0);
  return {
    scenario: scenario.name,
    requestsPerSecond: run.requestsPerSecond,
    p50Ms: run.p50,
    p99Ms: run.p99,
    unexpected: unexpected(run, scenario.status),
    peakRssMb,
    // Less at the mercy of other work on the machine than requests per second: what one request costs tally.
    cpuMsPerRequest: cpuMs / answers,
    // The whole cluster's, checks included: what one request costs the database, to set against tally's.
    databaseCpuMsPerRequest: databaseCpuBefore === undefined ? undefined : (databaseCpuAfter - databaseCpuBefore) / answers,
  };
}
