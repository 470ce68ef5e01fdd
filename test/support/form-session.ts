import type { FastifyInstance } from 'fastify';

export interface FormSession {
  /** The `Cookie` header a browser sends back: the CSRF secret the form page set. */
  readonly cookie: string;
  /** The token from the page's hidden `_csrf` field. */
  readonly token: string;
}

/** What a browser holds after opening the form page, which is what a form post must carry. */
export async function formSession(app: FastifyInstance): Promise<FormSession> {
  const page = await app.inject({ method: 'GET', url: '/form' });
  const cookie = String(page.headers['set-cookie']).split(';')[0] ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  return { cookie, token };
}
