import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { GetVisitStatistics } from '../../core/visits/get-visit-statistics.js';
import { RecordVisit } from '../../core/visits/record-visit.js';
import type { VisitStatistics } from '../../core/visits/visit-statistics.js';
import type { VisitorFingerprint } from '../../core/visits/visitor-fingerprint.js';
import type { HttpDependencies } from './http-dependencies.js';
import { problemRef } from './schemas/problem-schema.js';
import { recordedVisitSchema, recordVisitBodySchema } from './schemas/visit-schema.js';

/** `request.ip` is the real client's address only when TRUST_PROXY says whose forwarded headers to believe. */
function fingerprintOf(request: FastifyRequest, visitor?: string): VisitorFingerprint {
  return {
    clientAddress: request.ip,
    userAgent: request.headers['user-agent'] ?? '',
    ...(visitor === undefined ? {} : { visitor }),
  };
}

export const visitsRoutes: FastifyPluginAsync<{ deps: HttpDependencies }> = async (app, { deps }) => {
  const recordVisit = deps.useCases.get(RecordVisit);
  const getVisitStatistics = deps.useCases.get(GetVisitStatistics);
  const homePage = (reply: FastifyReply, statistics: VisitStatistics) =>
    reply.view('home', { statistics, owner: deps.settings.owner, version: deps.settings.version });

  app.get(
    '/',
    {
      schema: { tags: ['visits'], summary: 'Record a visit and show the statistics page', produces: ['text/html'] },
      // Fastify would answer HEAD with this handler and so record a visit: HEAD has a route of its own below.
      exposeHeadRoute: false,
      // A GET that writes: it gets the same per-client budget as the write methods, in a bucket of its own.
      config: { rateLimit: { allowList: () => false } },
    },
    async (request, reply) => homePage(reply, await recordVisit.execute(fingerprintOf(request))),
  );

  // Link checkers and monitors probe with HEAD: they see the page's headers without counting as visitors.
  app.head('/', { schema: { hide: true } }, async (_request, reply) => homePage(reply, await getVisitStatistics.execute()));

  app.post<{ Body: { visitor?: string } | undefined }>(
    '/visits',
    {
      // The body is optional: a bare POST records an anonymous visit.
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        tags: ['visits'],
        summary: 'Record a visit (API clients)',
        body: recordVisitBodySchema,
        response: { 201: recordedVisitSchema, 400: problemRef, 415: problemRef },
      },
    },
    async (request, reply) => {
      const statistics = await recordVisit.execute(fingerprintOf(request, request.body?.visitor));
      return reply.code(201).send(statistics);
    },
  );

  app.get(
    '/stats',
    { schema: { tags: ['visits'], summary: 'Visit statistics', response: { 200: { $ref: 'VisitStatistics#' } } } },
    () => getVisitStatistics.execute(),
  );
};
