// One autocannon run against the server, counting every answer's status itself: autocannon abandons the
// requests still in flight when its time is up, so "answered" is what the checks compare the database with.
import autocannon from 'autocannon';

/**
 * Loads `url` with `connections` connections for `seconds`. `request` is autocannon's request description;
 * `onAnswer(status, body)` sees each answer (the body only when `readBody` is set).
 */
export async function load(url, { connections, seconds, request, readBody = false, onAnswer = () => {} }) {
  const statuses = new Map();
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        ...request,
        onResponse: (status, body) => {
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          onAnswer(status, readBody ? body : undefined);
        },
      },
    ],
  });
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
