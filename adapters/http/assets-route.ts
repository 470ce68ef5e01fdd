import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsync } from 'fastify';

/** The pages' stylesheet and icon, read once at start-up. */
export interface PageAssets {
  /** The stylesheet's URL, which names a hash of its content. */
  readonly stylesheetPath: string;
  readonly stylesheet: string;
  readonly favicon: string;
}

export async function loadPageAssets(viewsDir: string): Promise<PageAssets> {
  const stylesheet = await readFile(`${viewsDir}/tally.css`, 'utf8');
  const hash = createHash('sha256').update(stylesheet).digest('hex').slice(0, HASH_LENGTH);
  return { stylesheetPath: stylesheetPath(hash), stylesheet, favicon: await readFile(`${viewsDir}/favicon.svg`, 'utf8') };
}

const HASH_LENGTH = 12;

function stylesheetPath(hash: string): string {
  return `/assets/tally.${hash}.css`;
}

/**
 * A tiny route rather than @fastify/static: two files known at start-up need no directory server. The hash in
 * the stylesheet's URL lets browsers keep it a year without asking again (`immutable`); a new stylesheet is a new
 * URL, so nobody sees a stale one. ETag revalidation would cost a request on every page instead. Styles in a
 * file rather than inline keep the CSP strict.
 *
 * During a rolling deploy a page from one version asks a pod of the other for its stylesheet's hash: that is
 * answered with this version's stylesheet rather than a 404 (a page without styles), but not to be kept, as
 * the URL names other content.
 */
export const assetsRoute: FastifyPluginAsync<{ assets: PageAssets }> = async (app, { assets }) => {
  app.get<{ Params: { hash: string } }>(
    stylesheetPath(`:hash(^[0-9a-f]{${HASH_LENGTH}}$)`),
    { schema: { hide: true } },
    (request, reply) =>
      reply
        .type('text/css; charset=utf-8')
        .header('cache-control', stylesheetPath(request.params.hash) === assets.stylesheetPath ? 'public, max-age=31536000, immutable' : 'no-cache')
        .send(assets.stylesheet),
  );
  // The icon's URL is fixed (browsers and crawlers look for it by name), so it is kept a day, not a year.
  app.get('/favicon.svg', { schema: { hide: true } }, (_request, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(assets.favicon),
  );
  // Clients that ignore the pages' <link rel="icon"> still ask for /favicon.ico: send them to the SVG.
  app.get('/favicon.ico', { schema: { hide: true } }, (_request, reply) => reply.redirect('/favicon.svg', 301));
};
