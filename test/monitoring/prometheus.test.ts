import { readFileSync } from 'node:fs';
import { setTimeout as pause } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { freePort } from '../cli/free-port.js';
import { PROCESS_VISITOR_SALT, runTallyProcess, type ServerProcess, startServerProcess } from '../operations/support/tally-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { dashboard, dataPanels, queryWithoutNamespaces, RULES_PATH, type RuleGroup } from './support/monitoring-files.js';
import { type ActiveAlert, type PrometheusProcess, startPrometheus } from './support/prometheus-process.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

/**
 * The rules and the dashboard against a real Prometheus (Debian's binary) scraping a real `tally serve` on a fresh
 * PostgreSQL database reached through a TCP proxy that the test cuts. The rules are the production file with
 * one change: every `for:` becomes 1s, so an alert that production holds back for minutes is pending or firing
 * within seconds here; expressions and thresholds are untouched. Scrapes every 2 s, rules every 1 s.
 */

const SHORT_FOR = '1s';
const WAIT_MS = 90_000;

/** The production rules with every alert's `for:` shortened to SHORT_FOR. */
function rulesWithShortDurations(): string {
  const rules = parse(readFileSync(RULES_PATH, 'utf8')) as { groups: RuleGroup[] };
  for (const rule of rules.groups.flatMap((group) => group.rules)) {
    if ('for' in rule) rule.for = SHORT_FOR;
  }
  return stringify(rules);
}

/** One scrape job named tally, as the rules expect: the live tally and a port where nothing listens. */
function scrapeConfig(targets: string[]): string {
  return stringify({
    global: { scrape_interval: '2s', scrape_timeout: '2s', evaluation_interval: '1s' },
    rule_files: ['RULES_FILE'],
    scrape_configs: [{ job_name: 'tally', static_configs: [{ targets }] }],
  });
}

interface Traffic {
  readonly statuses: Map<number, number>;
  stop(): Promise<void>;
}

/** Users' traffic, round after round until stopped: valid and invalid writes, pages, a 404, readiness probes. */
function startTraffic(base: string): Traffic {
  const statuses = new Map<number, number>();
  let running = true;
  const send = async (path: string, body?: Record<string, string>) => {
    const init: RequestInit = body
      ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
      : {};
    const response = await fetch(`${base}${path}`, init);
    await response.arrayBuffer();
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  };
  const loop = (async () => {
    for (let round = 0; running; round += 1) {
      await Promise.allSettled([
        send('/users', { username: `user${round}`, email: `user${round}@example.com` }),
        send('/users', { username: '', email: 'not-an-email' }),
        send('/visits', { visitor: `visitor-${round % 7}` }),
        send('/'),
        send('/form', { name: 'Ada', favoriteColor: 'teal', pet: 'cats' }),
        send('/people'),
        send('/no/such/page'),
        send('/-/ready'),
      ]);
      // Pacing, so the shared two-core machine keeps room for Prometheus and the other tests.
      await pause(100);
    }
  })();
  return {
    statuses,
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** Polls Prometheus until `done` accepts its answer; fails with the last answer after WAIT_MS. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (done(last)) return last;
    await pause(500);
  }
  throw new Error(`${what} did not happen within ${WAIT_MS} ms; last answer: ${JSON.stringify(last)}`);
}

const alertNames = (alerts: ActiveAlert[]) => new Set(alerts.map((alert) => alert.labels.alertname));

let database: TestDatabase;
let proxy: TcpProxy;
let tally: ServerProcess;
let prometheus: PrometheusProcess;
let traffic: Traffic | undefined;
let tallyTarget: string;
let deadTarget: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const migrated = await runTallyProcess(['db', 'migrate'], { DATABASE_URL: database.url, VISITOR_SALT: PROCESS_VISITOR_SALT });
  expect(migrated.code, migrated.stderr).toBe(0);
  const server = new URL(database.url);
  proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
  const throughProxy = new URL(database.url);
  throughProxy.hostname = '127.0.0.1';
  throughProxy.port = String(proxy.port);
  tally = await startServerProcess([], {
    DATABASE_URL: throughProxy.toString(),
    LOG_LEVEL: 'warn',
    // Below the 2 s scrape timeout: a scrape while the database is away must still answer.
    READINESS_TIMEOUT_SECONDS: '1',
  });
  tallyTarget = `127.0.0.1:${tally.port}`;
  deadTarget = `127.0.0.1:${await freePort()}`;
  prometheus = await startPrometheus(scrapeConfig([tallyTarget, deadTarget]), rulesWithShortDurations());
});

afterAll(async () => {
  await traffic?.stop();
  await prometheus?.stop();
  await tally?.stop();
  await proxy?.close();
  await database?.drop();
});

describe('tally monitored by a real Prometheus', () => {
  it('fires the database, readiness, error-ratio, burn-rate, rejected-input and instance alerts when the database is cut', { timeout: 150_000 }, async ({ annotate }) => {
    traffic = startTraffic(tally.base);
    // Healthy traffic first, until Prometheus has the request counters' rates (two scrapes at least).
    await eventually(
      () => prometheus.query('tally:http_requests:rate5m{route="/users", method="POST", status_class="2xx"} > 0'),
      (samples) => samples.length > 0,
      'a rate of successful registrations',
    );
    expect(await prometheus.query(`tally_database_up{instance="${tallyTarget}"} == 1`)).toHaveLength(1);
    proxy.cut();

    const expected = [
      'TallyInstanceDown',
      'TallyDatabaseUnavailable',
      'TallyNotReady',
      'TallyHighErrorRatio',
      'TallyErrorBudgetBurnFast',
      'TallyErrorBudgetBurnSlow',
      'TallyRejectedInputsSpiking',
    ];
    const alerts = await eventually(
      () => prometheus.alerts(),
      (active) => expected.every((name) => alertNames(active).has(name)),
      `alerts ${expected.join(', ')}`,
    );
    await annotate(
      `answers ${JSON.stringify(Object.fromEntries(traffic.statuses))}; alerts ` +
        alerts.map((alert) => `${alert.labels.alertname}(${alert.state})`).join(' '),
    );
    expect([...traffic.statuses.keys()].some((status) => status >= 500)).toBe(true);
    expect(traffic.statuses.get(400)).toBeGreaterThan(0);
    expect(traffic.statuses.get(404)).toBeGreaterThan(0);

    const byName = (name: string) => alerts.filter((alert) => alert.labels.alertname === name);
    expect(byName('TallyInstanceDown').map((alert) => alert.labels.instance)).toEqual([deadTarget]);
    expect(byName('TallyDatabaseUnavailable')[0]).toMatchObject({
      labels: { severity: 'critical', instance: tallyTarget, job: 'tally' },
      annotations: { summary: `tally instance ${tallyTarget} cannot reach PostgreSQL` },
    });
    expect(byName('TallyRejectedInputsSpiking').map((alert) => alert.labels.route)).toContain('/users');
    expect(byName('TallyHighErrorRatio').map((alert) => `${alert.labels.method} ${alert.labels.route}`)).toContain('POST /users');
    // A process minutes old grows while it warms up; that must not read as a leak.
    expect(alertNames(alerts)).not.toContain('TallyMemoryGrowth');
    for (const alert of alerts) {
      expect(['critical', 'warning'], alert.labels.alertname).toContain(alert.labels.severity);
      expect(alert.annotations.description, alert.labels.alertname).toMatch(/Check first/);
    }
  });

  it('answers every query of the dashboard with data', async () => {
    const queries = dataPanels(dashboard()).flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: queryWithoutNamespaces(target.expr ?? '') })),
    );
    const empty: string[] = [];
    for (const { panel, expr } of queries) {
      if ((await prometheus.query(expr)).length === 0) empty.push(`${panel}: ${expr}`);
    }
    expect(empty).toEqual([]);
    expect(queries.length).toBeGreaterThan(15);
  });

  it('fires TallyDown once no instance answers scrapes', { timeout: 150_000 }, async () => {
    await traffic?.stop();
    traffic = undefined;
    await tally.stop();
    const alerts = await eventually(
      () => prometheus.alerts(),
      (active) => alertNames(active).has('TallyDown'),
      'TallyDown',
    );
    expect(alerts.find((alert) => alert.labels.alertname === 'TallyDown')).toMatchObject({
      labels: { severity: 'critical' },
      annotations: { summary: "No tally instance answers Prometheus's scrapes" },
    });
  });
});
