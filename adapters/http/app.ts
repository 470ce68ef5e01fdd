import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import formbody from '@fastify/formbody';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import view from '@fastify/view';
import { Eta } from 'eta';
import Fastify, { type FastifyInstance } from 'fastify';
import { assetsRoute } from './assets-route.js';
import { registerErrorHandling } from './error-handler.js';
import { formsRoutes } from './forms-routes.js';
import { healthRoutes } from './health-routes.js';
import type { HttpDependencies } from './http-dependencies.js';
import { problemSchema } from './schemas/problem-schema.js';
import { submissionSchema } from './schemas/submission-schema.js';
import { userSchema } from './schemas/user-schema.js';
import { visitStatisticsSchema } from './schemas/visit-schema.js';
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
    logger: { level: deps.settings.logLevel },
    trustProxy: trustProxyOption(deps.settings.trustProxy),
    bodyLimit: 64 * 1024,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  registerErrorHandling(app);
  for (const schema of [problemSchema, userSchema, submissionSchema, visitStatisticsSchema]) app.addSchema(schema);

  // One EntityManager fork per request. preHandler runs after the body is parsed, so the context set here is
  // the one the handler runs in — set earlier, it would be lost across body parsing of a POST.
  app.addHook('preHandler', (_request, _reply, done) => deps.database.inContext(done));

  // JSON (built in) and urlencoded forms are the only bodies tally reads; anything else is a 415.
  app.removeContentTypeParser('text/plain');
  await app.register(formbody);
  await app.register(view, { engine: { eta: new Eta() }, root: viewsDir, viewExt: 'eta' });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'tally', version: deps.settings.version.version },
      components: { securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } } },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, index) => String(json.$id ?? `def-${index}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  await app.register(assetsRoute, { viewsDir });
  await app.register(healthRoutes, { deps });
  await app.register(versionRoute, { deps });
  await app.register(usersRoutes, { deps, prefix: '/users' });
  await app.register(usersRoutes, { deps, prefix: '/user' });
  await app.register(visitsRoutes, { deps });
  await app.register(formsRoutes, { deps });
  return app;
}
