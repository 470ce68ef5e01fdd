// One autocannon run against the server, with the statuses of the answers it received: autocannon abandons the
// requests still in flight when its time is up, so "answered" is what the checks compare the database with.
import autocannon from 'autocannon';

/**
 * Loads `url` with `connections` connections for `seconds`. `request` is autocannon's request description;
 * `onAnswer(status, body)`, when given, sees each answer (the body only when `readBody` is set).
 *
 * The statuses are autocannon's own count (`statusCodeStats`), kept for every answer received. `onResponse` is
 * asked for only when a scenario reads its answers: with it, autocannon turns each answer's headers into an object
 * first (about 20 headers: tally's security headers), in the process that shares the two cores with tally and
 * PostgreSQL: 4–11 µs of its CPU per request that no check needed (bench/README.md, seventh session).
 */
export async function load(url, { connections, seconds, request, readBody = false, onAnswer }) {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      onAnswer === undefined ? request : { ...request, onResponse: (status, body) => onAnswer(status, readBody ? body : undefined) },
    ],
  });
  const statuses = new Map(Object.entries(result.statusCodeStats).map(([status, { count }]) => [Number(status), count]));
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    statuses,
  };
}

/** How many answers had `status`. */
export function answered(run, status) {
  return run.statuses.get(status) ?? 0;
}

/** Answers whose status is not the one the scenario expects, plus connection errors and timeouts. */
export function unexpected(run, status) {
  let count = run.errors;
  for (const [code, n] of run.statuses) if (code !== status) count += n;
  return count;
}
