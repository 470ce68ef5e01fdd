import { fileURLToPath } from 'node:url';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import view from '@fastify/view';
import { Eta } from 'eta';
import Fastify, { type FastifyInstance } from 'fastify';
import { assetsRoute, loadPageAssets } from './assets-route.js';
import { registerErrorHandling } from './error-handler.js';
import { declareErrorResponses } from './error-responses.js';
import { formsRoutes } from './forms-routes.js';
import { closeConnectionsOnceShuttingDown } from './graceful-shutdown.js';
import { healthRoutes } from './health-routes.js';
import { acceptBodilessJson } from './json-body-parser.js';
import type { HttpDependencies } from './http-dependencies.js';
import { peopleRoutes } from './people-routes.js';
import { loggerOptions } from './logging.js';
import { registerMetrics } from './metrics.js';
import { registerOverloadProtection } from './overload.js';
import { OneLinePerRequest } from './request-log.js';
import { echoRequestId, requestIdOf } from './request-id.js';
import { personSchema } from './schemas/person-schema.js';
import { problemSchema } from './schemas/problem-schema.js';
import { submissionSchema } from './schemas/submission-schema.js';
import { userSchema } from './schemas/user-schema.js';
import { visitStatisticsSchema } from './schemas/visit-schema.js';
import { registerSecurity } from './security.js';
import { annotateServerSpans } from './tracing.js';
import { usersRoutes } from './users-routes.js';
import { validatorCompiler } from './validator-compiler.js';
import { versionRoute } from './version-route.js';
import { visitsRoutes } from './visits-routes.js';

/** A hop count means: trust that many proxies nearest to us. */
function trustProxyOption(setting: boolean | number | string) {
  if (typeof setting !== 'number') return setting;
  return (_address: string, hop: number) => hop < setting;
}

const viewsDir = fileURLToPath(new URL('./views', import.meta.url));

/** Builds the HTTP application without listening, so tests can `inject` into exactly what production runs. */
export async function buildApp(deps: HttpDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(deps.settings),
    logController: new OneLinePerRequest(),
    trustProxy: trustProxyOption(deps.settings.trustProxy),
    // Larger bodies are refused with 413 before they are read: no tally request needs more.
    bodyLimit: deps.settings.bodyLimitBytes,
    // The caller's X-Request-Id only after checking it (requestIdOf); Fastify would take any value as-is.
    requestIdHeader: false,
    genReqId: requestIdOf,
    routerOptions: { ignoreTrailingSlash: true },
    // Slow clients: a connection that has not sent its headers, or its whole request, in time is closed, so a
    // client trickling bytes holds neither a socket nor memory for long. Node checks these deadlines every
    // `connectionsCheckingInterval` (30 s by default, too coarse for a 10 s limit).
    http: { headersTimeout: deps.settings.headersTimeoutMs, connectionsCheckingInterval: 1000 },
    requestTimeout: deps.settings.requestTimeoutMs,
    keepAliveTimeout: deps.settings.keepAliveTimeoutMs,
  });
  app.setValidatorCompiler(validatorCompiler);
  registerErrorHandling(app);
  // Operations, before any route so that their hooks apply to all: request id, tracing, metrics, security.
  echoRequestId(app);
  closeConnectionsOnceShuttingDown(app, deps.shutdown);
  annotateServerSpans(app);
  registerMetrics(app, deps);
  await registerOverloadProtection(app, deps);
  await registerSecurity(app, deps.settings);
  declareErrorResponses(app, deps.settings.rateLimitWritesPerMinute > 0);
  for (const schema of [problemSchema, userSchema, submissionSchema, visitStatisticsSchema, personSchema]) {
    app.addSchema(schema);
  }

  // JSON is the only body tally reads, except for the HTML form, which also reads urlencoded bodies
  // (registered in formsRoutes' own scope) and a merge patch (peopleRoutes); anything else is a 415.
  app.removeContentTypeParser('text/plain');
  acceptBodilessJson(app);
  const assets = await loadPageAssets(viewsDir);
  // What every page's layout shows: the stylesheet's hashed URL, the owner and the version in the footer.
  await app.register(view, {
    engine: { eta: new Eta() },
    root: viewsDir,
    viewExt: 'eta',
    defaultContext: { stylesheet: assets.stylesheetPath, owner: deps.settings.owner, version: deps.settings.version },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'tally', version: deps.settings.version.version },
      components: { securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } } },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, index) => String(json.$id ?? `def-${index}`) },
  });
  // swagger-ui needs more than the pages' policy (its own fonts, styles, data: images): staticCSP gives /docs a
  // policy of its own, without upgrade-insecure-requests for the same reason as the pages' (security.ts).
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    transformStaticCSP: (header) => header.replace(/\s*upgrade-insecure-requests;?/, ''),
  });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  await app.register(assetsRoute, { assets });
  await app.register(healthRoutes, { deps });
  await app.register(versionRoute, { deps });
  await app.register(usersRoutes, { deps, prefix: '/users' });
  await app.register(usersRoutes, { deps, prefix: '/user' });
  await app.register(visitsRoutes, { deps });
  await app.register(formsRoutes, { deps });
  await app.register(peopleRoutes, { deps, prefix: '/people' });
  return app;
}
