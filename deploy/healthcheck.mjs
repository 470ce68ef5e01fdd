// Container HEALTHCHECK without curl (the slim image has none): exits 0 when tally's liveness endpoint
// answers 200 within the timeout, 1 otherwise. Liveness only — a database outage must not mark the
// container unhealthy and get it restarted.
const port = process.env.PORT ?? '8080';
const url = `http://127.0.0.1:${port}/-/healthy`;

try {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  if (!response.ok) {
    console.error(`healthcheck: ${url} answered ${response.status}`);
    process.exit(1);
  }
} catch (error) {
  console.error(`healthcheck: ${url} failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
