import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { HttpSettings } from './http-dependencies.js';

/** Methods that change state: the only ones a per-client limit guards, so reading and probing are never refused. */
export const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The pages load one stylesheet from /assets and no script, inline style or foreign resource, so the policy can
 * be `'self'` only: injected markup can neither run script nor send the form elsewhere. TLS is the proxy's job,
 * so no `upgrade-insecure-requests` (it would break plain-HTTP use inside the cluster).
 * `/docs` (swagger-ui) sets a policy of its own with hashes of its inline scripts (see app.ts).
 */
export const PAGE_CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  upgradeInsecureRequests: null,
};

/**
 * The headers helmet sets for this fixed policy, read once by running its middleware on a stand-in response.
 * Nothing in the policy depends on the request (no nonce), so every response gets the same ones, and helmet stays
 * the one that decides them. They are given to Fastify's reply rather than set on Node's response: a header set on
 * the response beforehand sends Node's writeHead down its "slow case", which sets each of Fastify's headers again
 * one by one; registrations and home page visits used 5–15 % less CPU without it (bench/README.md). (helmet also
 * removes X-Powered-By, which Fastify never sets.)
 */
export function securityHeaders(): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value),
    removeHeader: () => undefined,
  };
  helmet({ contentSecurityPolicy: { useDefaults: false, directives: PAGE_CSP_DIRECTIVES } })(
    {} as IncomingMessage,
    response as unknown as ServerResponse,
    () => undefined,
  );
  return Object.freeze(headers);
}

export async function registerSecurity(app: FastifyInstance, settings: HttpSettings): Promise<void> {
  const headers = securityHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  if (settings.rateLimitWritesPerMinute === 0) return;
  // Keyed by request.ip, which is the real client's address only with TRUST_PROXY (else every client behind the
  // proxy would share one budget). Memory store: the limit is per replica, which bounds abuse without a shared
  // store to run; the 429 passes through the error handler and becomes problem+json.
  await app.register(rateLimit, {
    max: settings.rateLimitWritesPerMinute,
    timeWindow: 60_000,
    allowList: (request) => !WRITE_METHODS.has(request.method),
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`too many writes from this client: at most ${context.max} a minute; retry in ${context.after}`), {
        statusCode: context.statusCode,
      }),
  });
}
