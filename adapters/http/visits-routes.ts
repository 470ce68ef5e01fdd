import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { GetVisitStatistics } from '../../core/visits/get-visit-statistics.js';
import { RecordVisit } from '../../core/visits/record-visit.js';
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
  app.get(
    '/',
    { schema: { tags: ['visits'], summary: 'Record a visit and show the statistics page', produces: ['text/html'] } },
    async (request, reply) => {
      const statistics = await recordVisit.execute(fingerprintOf(request));
      return reply.view('home', { statistics, owner: deps.settings.owner, version: deps.settings.version });
    },
  );

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
