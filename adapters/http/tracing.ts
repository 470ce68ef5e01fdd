import { trace } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';

/**
 * Names the HTTP server span (started by the OpenTelemetry HTTP instrumentation, when tracing is on) after the
 * route template and tags it with the request id, so a trace can be found from a log line and vice versa.
 * Without an SDK (OTEL_EXPORTER_OTLP_ENDPOINT unset) there is no active span and this costs one lookup.
 */
export function annotateServerSpans(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const span = trace.getActiveSpan();
    if (span === undefined) return;
    const route = request.routeOptions.url;
    span.setAttribute('http.request.id', request.id);
    if (route === undefined) return;
    span.setAttribute('http.route', route);
    span.updateName(`${request.method} ${route}`);
  });
}
