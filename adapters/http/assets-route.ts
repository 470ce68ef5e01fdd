import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsync } from 'fastify';

/** The pages' one stylesheet, read once at start-up; a file rather than inline styles keeps a strict CSP possible. */
export const assetsRoute: FastifyPluginAsync<{ viewsDir: string }> = async (app, { viewsDir }) => {
  const css = await readFile(`${viewsDir}/tally.css`, 'utf8');
  app.get('/assets/tally.css', { schema: { hide: true } }, (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(css),
  );
};
