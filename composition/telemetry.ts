import type { IncomingMessage } from 'node:http';
import { register } from 'node:module';
import { register as registerSyncHooks, supportsSyncHooks } from 'import-in-the-middle/register-hooks.mjs';

/**
 * OpenTelemetry tracing, started by main.ts only when OTEL_EXPORTER_OTLP_ENDPOINT is set, and before anything
 * imports `pg` or `http`: instrumentation patches a module as it is loaded. tally is ESM, and ES modules are
 * patched through import-in-the-middle's loader hook, which must be registered before those imports happen.
 * The hook runs in-thread (module.registerHooks) and only for the modules instrumented: the off-thread loader
 * (`module.register`) intercepts every module and was seen to deadlock tally's start-up now and then, so it is
 * only the fallback for a Node.js without working synchronous hooks.
 *
 * Spans: one HTTP server span per request (named after the route and tagged with the request id by
 * adapters/http/tracing.ts) and a PostgreSQL client span per query, exported in batches over OTLP/protobuf to
 * `${OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`. The SDK is assembled from its parts rather than taken from the
 * all-in-one `@opentelemetry/sdk-node`, which carries every exporter (gRPC included) and most of the image's
 * dependencies; what it read from the environment and tally keeps: OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES
 * and the exporter's OTEL_EXPORTER_OTLP_* (headers, timeout, compression). Every span is sampled.
 *
 * Answers the function that flushes pending spans and stops the SDK; calling it again does nothing.
 */
export async function startTelemetry(): Promise<() => Promise<void>> {
  if (supportsSyncHooks()) registerSyncHooks({ include: INSTRUMENTED_MODULES });
  else register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  const [
    { context, propagation, trace },
    { AsyncLocalStorageContextManager },
    { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator },
    { defaultResource, detectResources, envDetector, resourceFromAttributes },
    { BatchSpanProcessor, TracerProvider },
    { OTLPTraceExporter },
    { registerInstrumentations },
    { HttpInstrumentation },
    { PgInstrumentation },
  ] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/core'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace'),
    import('@opentelemetry/exporter-trace-otlp-proto'),
    import('@opentelemetry/instrumentation'),
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-pg'),
  ]);
  // The tracer provider is registered before the instrumentations are made: an instrumentation takes its tracer
  // when constructed, and one taken earlier stays a no-op.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );
  // OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME (envDetector) win over the default name.
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': 'tally' }))
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new TracerProvider({ resource, spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })] });
  trace.setGlobalTracerProvider(provider);
  registerInstrumentations({
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes arrive every few seconds from every monitor: traces of them are noise and cost.
        ignoreIncomingRequestHook: (request: IncomingMessage) => isOperationalPath(request.url ?? ''),
      }),
      // requireParentSpan: a query outside any request (a migration at start-up) still gets a span of its own.
      new PgInstrumentation({ requireParentSpan: false }),
    ],
  });
  let stopped: Promise<void> | undefined;
  // A collector that cannot be reached costs the pending spans, never the command or the shutdown.
  return () => {
    stopped ??= provider.shutdown().catch((error: unknown) => {
      process.stderr.write(`tally: could not export traces: ${(error as Error).message}\n`);
    });
    return stopped;
  };
}

/** ES modules that instrumentation patches; `http` is CommonJS-loaded by Fastify and patched without the hook. */
const INSTRUMENTED_MODULES = ['pg', 'pg-pool'];

const OPERATIONAL_PATHS = new Set(['/-/healthy', '/-/ready', '/healthz', '/metrics']);

function isOperationalPath(url: string): boolean {
  return OPERATIONAL_PATHS.has(url.split('?')[0] ?? url);
}
