import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startOtlpReceiver, type OtlpReceiver } from './support/otlp-receiver.js';
import { startServerProcess } from './support/tally-process.js';

/**
 * Traces from a real `tally serve` process with OTEL_EXPORTER_OTLP_ENDPOINT set, exported over OTLP/protobuf to
 * a stand-in collector. The spans are flushed by the graceful shutdown, so the test reads them after SIGTERM.
 */
let testDatabase: TestDatabase;
let receiver: OtlpReceiver;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  receiver = await startOtlpReceiver();
});

afterAll(async () => {
  await receiver?.close();
  await testDatabase?.drop();
});

describe('tracing with OTEL_EXPORTER_OTLP_ENDPOINT set', () => {
  it('exports an HTTP server span named after the route with the request id, and PostgreSQL client spans', async () => {
    const server = await startServerProcess(['--migrate'], {
      DATABASE_URL: testDatabase.url,
      LOG_LEVEL: 'warn',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_SERVICE_NAME: 'tally-under-test',
    });
    const response = await fetch(`${server.base}/visits`, {
      method: 'POST',
      headers: { 'x-request-id': 'trace-test-request-7' },
    });
    expect(response.status).toBe(201);

    expect((await server.stop()).code).toBe(0);
    const exported = Buffer.concat(receiver.bodies).toString('utf8');

    expect(exported).toContain('tally-under-test');
    // The HTTP server span, renamed after the route template and tagged by adapters/http/tracing.ts.
    expect(exported).toContain('POST /visits');
    expect(exported).toContain('http.route');
    expect(exported).toContain('http.request.id');
    expect(exported).toContain('trace-test-request-7');
    // PostgreSQL client spans from the pg instrumentation, which needs the ESM loader hook to see `pg` at all.
    expect(exported).toContain('@opentelemetry/instrumentation-pg');
    expect(exported).toMatch(/pg\.query:(WITH|INSERT|SELECT)/);
    expect(exported).toContain('db.system.name');
    expect(exported).toContain('postgresql');
  });

  it('does not trace probes and scrapes, which would drown the requests that matter', async () => {
    const before = receiver.bodies.length;
    const server = await startServerProcess([], {
      DATABASE_URL: testDatabase.url,
      LOG_LEVEL: 'warn',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    });
    expect((await fetch(`${server.base}/-/healthy`)).status).toBe(200);
    expect((await fetch(`${server.base}/metrics`)).status).toBe(200);
    expect((await fetch(`${server.base}/version`)).status).toBe(200);

    expect((await server.stop()).code).toBe(0);
    const exported = Buffer.concat(receiver.bodies.slice(before)).toString('utf8');
    expect(exported).toContain('GET /version');
    expect(exported).not.toContain('/-/healthy');
    expect(exported).not.toContain('GET /metrics');
  });
});
