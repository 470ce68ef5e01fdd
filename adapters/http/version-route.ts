import type { FastifyPluginAsync } from 'fastify';
import type { HttpDependencies } from './http-dependencies.js';

export const versionRoute: FastifyPluginAsync<{ deps: HttpDependencies }> = async (app, { deps }) => {
  app.get(
    '/version',
    {
      schema: {
        tags: ['operations'],
        summary: 'Package version, CI build number and commit',
        response: {
          200: {
            type: 'object',
            required: ['version', 'build', 'commit'],
            properties: { version: { type: 'string' }, build: { type: 'string' }, commit: { type: 'string' } },
          },
        },
      },
    },
    () => deps.settings.version,
  );
};
