import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { withinMs } from './deadline.js';
import type { HttpDependencies } from './http-dependencies.js';
import { exemptFromOverload } from './overload.js';

const emptySchema = { type: 'object', additionalProperties: false, properties: {} } as const;
const notReadySchema = {
  type: 'object',
  required: ['reason'],
  properties: { reason: { type: 'string' } },
} as const;

/**
 * Why the database cannot serve now, or undefined when it can. Once no migration is pending none can become
 * pending again for this process (its migrations are fixed at build time), so from then on a probe costs one
 * `select 1` instead of also reading the migrations table.
 */
function databaseReadiness(deps: HttpDependencies): () => Promise<string | undefined> {
  let migrationsApplied = false;
  return async () => {
    try {
      await deps.database.ping();
    } catch (error) {
      return `database does not answer: ${(error as Error).message}`;
    }
    if (migrationsApplied) return undefined;
    const pending = await deps.database.pendingMigrations();
    if (pending.length > 0) return `migrations pending: ${pending.join(', ')}`;
    migrationsApplied = true;
    return undefined;
  };
}

/**
 * Why the service cannot take traffic now, or undefined when it can. The database gets READINESS_TIMEOUT_SECONDS
 * to answer: a hung one must turn readiness 503 promptly, before the orchestrator's own probe timeout, which
 * would otherwise count a hang as a failure with no reason given.
 */
async function notReadyReason(
  deps: HttpDependencies,
  databaseNotReadyReason: () => Promise<string | undefined>,
): Promise<string | undefined> {
  if (deps.shutdown.isShuttingDown) return 'shutting down';
  try {
    return await withinMs(databaseNotReadyReason(), deps.settings.readinessTimeoutMs);
  } catch (error) {
    return `database does not answer: ${(error as Error).message}`;
  }
}

export const healthRoutes: FastifyPluginAsync<{ deps: HttpDependencies }> = async (app, { deps }) => {
  // Liveness never touches the database: a database outage must not make the orchestrator restart every
  // replica, which would turn a dependency's hiccup into a full outage.
  app.get(
    '/-/healthy',
    { schema: { tags: ['operations'], summary: 'Liveness', response: { 200: emptySchema } }, config: exemptFromOverload },
    () => ({}),
  );

  const readiness = {
    schema: { tags: ['operations'], summary: 'Readiness', response: { 200: emptySchema, 503: notReadySchema } },
  };
  const databaseNotReadyReason = databaseReadiness(deps);
  const ready = async (_request: unknown, reply: FastifyReply) => {
    const reason = await notReadyReason(deps, databaseNotReadyReason);
    if (reason === undefined) return {};
    return reply.code(503).send({ reason });
  };
  app.get('/-/ready', readiness, ready);
  app.get('/healthz', readiness, ready);
};
