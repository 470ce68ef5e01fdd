import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { GetVisitStatistics } from '../../core/visits/get-visit-statistics.js';
import { withinMs } from './deadline.js';
import type { HttpDependencies } from './http-dependencies.js';

export const METRICS_PATH = '/metrics';

/** Requests that matched no route share one label value, so scanners probing random URLs cannot add series. */
const UNMATCHED_ROUTE = 'unmatched';

/** Domain events, recognised by route template, method and status: core knows nothing about metrics. */
const domainEvents = {
  registrations: [
    { method: 'POST', route: '/users', statuses: [201] },
    { method: 'POST', route: '/user', statuses: [201] },
  ],
  visits: [
    { method: 'GET', route: '/', statuses: [200] },
    { method: 'POST', route: '/visits', statuses: [201] },
  ],
  // A browser's successful submission is a 303 to the thank-you page, an API client's a 201.
  formSubmissions: [{ method: 'POST', route: '/form', statuses: [201, 303] }],
} as const;

function matches(events: readonly { method: string; route: string; statuses: readonly number[] }[], method: string, route: string, status: number) {
  return events.some((event) => event.method === method && event.route === route && event.statuses.includes(status));
}

/**
 * Prometheus keeps the `_total` suffix for counters (`promtool check metrics` flags any other use), yet prom-client
 * adds three gauges so named: nodejs_active_handles_total, …_requests_total and …_resources_total. Each only
 * sums the gauge of the same name without the suffix, which counts by `type`, so they are dropped, not renamed:
 * the total is `sum without (type) (nodejs_active_handles)`.
 */
function withoutTotalGauges(registry: Registry): void {
  for (const metric of registry.getMetricsAsArray()) {
    if (metric.name.endsWith('_total') && metric instanceof Gauge) registry.removeSingleMetric(metric.name);
  }
}

/**
 * Prometheus metrics at `/metrics`. Each app has a Registry of its own (not prom-client's global one), so
 * several apps in one process — as in the tests — neither collide nor share counts. Registered on the root
 * app, not as an encapsulated plugin, because its onResponse hook must see every route of every plugin.
 */
export function registerMetrics(app: FastifyInstance, deps: HttpDependencies): void {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'tally' });
  // Process metrics: CPU, memory, file descriptors, GC, and event-loop lag (the early sign of an overloaded replica).
  collectDefaultMetrics({ register: registry });
  withoutTotalGauges(registry);

  const labelNames = ['route', 'method', 'status_class'] as const;
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by route template, method and status class',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to finishing its response, by route template, method and status class',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const registrations = new Counter({
    name: 'tally_registrations_total',
    help: 'Users registered over HTTP',
    registers: [registry],
  });
  const visits = new Counter({ name: 'tally_visits_total', help: 'Visits recorded over HTTP', registers: [registry] });
  const formSubmissions = new Counter({
    name: 'tally_form_submissions_total',
    help: 'Forms submitted over HTTP (browser and API)',
    registers: [registry],
  });
  const rejectedInputs = new Counter({
    name: 'tally_rejected_inputs_total',
    help: 'Requests refused because their input was not valid (400), by route template and method',
    labelNames: ['route', 'method'] as const,
    registers: [registry],
  });
  // A scrape must answer even when the database does not: a value that cannot be read in time keeps its last value.
  const readinessTimeoutMs = deps.settings.readinessTimeoutMs;
  const getVisitStatistics = deps.useCases.get(GetVisitStatistics);
  // Read at scrape time from the database, which every replica shares: the count is the service's, not this
  // process's, so a gauge rather than a counter.
  new Gauge({
    name: 'tally_unique_visitors',
    help: 'Distinct visitors ever recorded (all replicas)',
    registers: [registry],
    async collect() {
      const statistics = await withinMs(getVisitStatistics.execute(), readinessTimeoutMs).catch(() => undefined);
      if (statistics) this.set(statistics.uniqueVisitors);
    },
  });
  // The one signal that tells a database outage from other 5xx (overload, bugs), and it needs no user traffic.
  new Gauge({
    name: 'tally_database_up',
    help: 'Whether the database answered a ping within the readiness timeout at scrape time (1) or not (0)',
    registers: [registry],
    async collect() {
      const answered = await withinMs(deps.database.ping(), readinessTimeoutMs).then(
        () => true,
        () => false,
      );
      this.set(answered ? 1 : 0);
    },
  });
  new Gauge({
    name: 'tally_database_pool_connections',
    help: 'PostgreSQL pool connections: total open, idle, and queries waiting for one (absent for the embedded database)',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const use = await withinMs(deps.database.poolUse(), readinessTimeoutMs).catch(() => undefined);
      if (!use) return;
      this.set({ state: 'total' }, use.total);
      this.set({ state: 'idle' }, use.idle);
      this.set({ state: 'waiting' }, use.waiting);
    },
  });

  const record = (request: FastifyRequest, reply: FastifyReply) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    if (route === METRICS_PATH) return;
    const status = reply.statusCode;
    const labels = { route, method: request.method, status_class: `${Math.floor(status / 100)}xx` };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
    if (matches(domainEvents.registrations, request.method, route, status)) registrations.inc();
    if (matches(domainEvents.visits, request.method, route, status)) visits.inc();
    if (matches(domainEvents.formSubmissions, request.method, route, status)) formSubmissions.inc();
    if (status === 400) rejectedInputs.inc({ route, method: request.method });
  };
  app.addHook('onResponse', (request, reply, done) => {
    record(request, reply);
    done();
  });

  app.get(METRICS_PATH, { schema: { hide: true }, config: { rateLimit: false } }, async (_request, reply) => {
    const text = await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });
}
