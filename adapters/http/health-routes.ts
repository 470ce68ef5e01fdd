import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { HttpDependencies } from './http-dependencies.js';

const emptySchema = { type: 'object', additionalProperties: false, properties: {} } as const;
const notReadySchema = {
  type: 'object',
  required: ['reason'],
  properties: { reason: { type: 'string' } },
} as const;

/** Why the service cannot take traffic now, or undefined when it can. */
async function notReadyReason(deps: HttpDependencies): Promise<string | undefined> {
  if (deps.shutdown.isShuttingDown) return 'shutting down';
  try {
    await deps.database.ping();
  } catch (error) {
    return `database does not answer: ${(error as Error).message}`;
  }
  const pending = await deps.database.pendingMigrations();
  if (pending.length > 0) return `migrations pending: ${pending.join(', ')}`;
  return undefined;
}

export const healthRoutes: FastifyPluginAsync<{ deps: HttpDependencies }> = async (app, { deps }) => {
  // Liveness never touches the database: a database outage must not make the orchestrator restart every
  // replica, which would turn a dependency's hiccup into a full outage.
  app.get(
    '/-/healthy',
    { schema: { tags: ['operations'], summary: 'Liveness', response: { 200: emptySchema } } },
    () => ({}),
  );

  const readiness = {
    schema: { tags: ['operations'], summary: 'Readiness', response: { 200: emptySchema, 503: notReadySchema } },
  };
  const ready = async (_request: unknown, reply: FastifyReply) => {
    const reason = await notReadyReason(deps);
    if (reason === undefined) return {};
    return reply.code(503).send({ reason });
  };
  app.get('/-/ready', readiness, ready);
  app.get('/healthz', readiness, ready);
};
