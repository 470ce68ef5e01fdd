import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../../core/shared/validation-error.js';
import { GetVisitHistory, historyDaysIssue, VISIT_HISTORY_DAYS } from '../../core/visits/get-visit-history.js';
import { GetVisitStatistics } from '../../core/visits/get-visit-statistics.js';
import { RecordVisit } from '../../core/visits/record-visit.js';
import type { VisitStatistics } from '../../core/visits/visit-statistics.js';
import type { VisitorFingerprint } from '../../core/visits/visitor-fingerprint.js';
import { homePages } from './home-pages.js';
import type { HttpDependencies } from './http-dependencies.js';
import { htmlResponse, pageErrorResponse } from './schemas/page-response.js';
import { problemRef } from './schemas/problem-schema.js';
import { recordedVisitSchema, recordVisitBodySchema } from './schemas/visit-schema.js';
import { visitsHistorySection } from './visits-history-section.js';

/** `request.ip` is the real client's address only when TRUST_PROXY says whose forwarded headers to believe. */
function fingerprintOf(request: FastifyRequest, visitor?: string): VisitorFingerprint {
  return {
    clientAddress: request.ip,
    userAgent: request.headers['user-agent'] ?? '',
    ...(visitor === undefined ? {} : { visitor }),
  };
}

type DaysQuery = { days?: number | string };

export const visitsRoutes: FastifyPluginAsync<{ deps: HttpDependencies }> = async (app, { deps }) => {
  const recordVisit = deps.useCases.get(RecordVisit);
  const getVisitStatistics = deps.useCases.get(GetVisitStatistics);
  const getVisitHistory = deps.useCases.get(GetVisitHistory);
  const historySection = visitsHistorySection(app);
  const pageOf = homePages(app);

  /** `days` is judged by core's rule, in its words, before any visit is recorded: a bad address records nothing. */
  function daysOf(request: FastifyRequest<{ Querystring: DaysQuery }>): number {
    const days = request.query.days === undefined ? VISIT_HISTORY_DAYS.default : Number(request.query.days);
    const issue = historyDaysIssue(days);
    if (issue) throw new ValidationError([issue]);
    return days;
  }

  async function homePage(reply: FastifyReply, statistics: VisitStatistics, days: number) {
    const page = await pageOf(statistics, days, async () =>
      historySection(await getVisitHistory.execute({ days, today: statistics.today })),
    );
    return reply.type('text/html; charset=utf-8').send(page);
  }

  const daysQuerystring = {
    type: 'object',
    properties: {
      days: {
        type: 'integer',
        minimum: VISIT_HISTORY_DAYS.min,
        maximum: VISIT_HISTORY_DAYS.max,
        description: `How many days the chart shows, ending today (UTC); ${VISIT_HISTORY_DAYS.default} when left out`,
      },
    },
  };

  app.get<{ Querystring: DaysQuery }>(
    '/',
    {
      attachValidation: true,
      schema: {
        tags: ['visits'],
        summary: 'Record a visit and show the statistics page with a chart of visits per UTC day',
        querystring: daysQuerystring,
        response: {
          200: htmlResponse('The statistics page'),
          400: pageErrorResponse('`days` is not a whole number in the allowed range'),
        },
      },
      // Fastify would answer HEAD with this handler and so record a visit: HEAD has a route of its own below.
      exposeHeadRoute: false,
      // A GET that writes: it gets the same per-client budget as the write methods, in a bucket of its own.
      config: { rateLimit: { allowList: () => false } },
    },
    async (request, reply) => {
      const days = daysOf(request);
      return homePage(reply, await recordVisit.execute(fingerprintOf(request)), days);
    },
  );

  // Link checkers and monitors probe with HEAD: they see the page's headers without counting as visitors.
  app.head<{ Querystring: DaysQuery }>(
    '/',
    { attachValidation: true, schema: { hide: true, querystring: daysQuerystring } },
    async (request, reply) => {
      const days = daysOf(request);
      return homePage(reply, await getVisitStatistics.execute(), days);
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
