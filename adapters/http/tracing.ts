import { trace } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';

/**
 * Names the HTTP server span (started by the OpenTelemetry HTTP instrumentation, when tracing is on) after the
 * route template and tags it with the request id, so a trace can be found from a log line and vice versa.
 * Without an SDK (OTEL_EXPORTER_OTLP_ENDPOINT unset) there is no active span and this costs one lookup.
 */
export function annotateServerSpans(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    const span = trace.getActiveSpan();
    const route = request.routeOptions.url;
    span?.setAttribute('http.request.id', request.id);
    if (span !== undefined && route !== undefined) {
      span.setAttribute('http.route', route);
      span.updateName(`${request.method} ${route}`);
    }
    done();
  });
}
