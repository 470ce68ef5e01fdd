import type { FastifyServerOptions } from 'fastify';
import pino from 'pino';
import type { HttpSettings } from './http-dependencies.js';

const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

/** `ada.lovelace@example.com` → `a***@example.com`: enough to tell accounts apart in a log, not to contact one. */
export function maskEmails(text: string): string {
  return text.replace(EMAIL, '$1***@$2');
}

/** An error as pino would log it, with every email in its message and stack masked (database errors quote values). */
function serializeError(error: Error): { type: string; message: string; stack: string; [key: string]: unknown } {
  const withCode = error as Error & { code?: unknown; statusCode?: unknown };
  return {
    type: error.name,
    message: maskEmails(error.message),
    stack: maskEmails(error.stack ?? ''),
    ...(withCode.code === undefined ? {} : { code: withCode.code }),
    ...(withCode.statusCode === undefined ? {} : { statusCode: withCode.statusCode }),
  };
}

/**
 * Structured JSON logs for collectors, one line per event, with the request id in each (`reqId`). Bodies are
 * never logged (they hold emails and form answers), and a URL's query string is logged with its emails masked.
 * A request or a reply is logged through a serializer that picks its fields, so no header reaches a line that
 * way; credentials are redacted where headers are logged as such. Redaction is only asked for that key: pino
 * redacts every line that has a key named in a path, and @pinojs/redact 0.4 parses its paths again each time
 * (6–8 % of what a request allocated, when the request line's `req` and `res` were named here).
 */
export function loggerOptions(settings: Pick<HttpSettings, 'logLevel' | 'logFormat'>): FastifyServerOptions['logger'] {
  return {
    level: settings.logLevel,
    redact: {
      paths: ['headers.authorization', 'headers.cookie', 'headers["proxy-authorization"]', 'headers["set-cookie"]'],
      censor: '[redacted]',
    },
    serializers: {
      req: (request: { method: string; url: string; ip?: string; id?: string }) => ({
        method: request.method,
        url: maskEmails(request.url),
        remoteAddress: request.ip,
      }),
      err: serializeError,
    },
    // pino-pretty runs in a worker thread so that formatting never slows the event loop. JSON lines are written
    // asynchronously, as pino's documentation advises for speed: gathered until 4 KB are waiting (under load one
    // write carries a dozen requests' lines; a write per line was ~6 % of a registration's CPU in a profile) or
    // a quarter of a second has passed, and flushed on exit. If stdout stops taking them, at most 8 MB wait; lines
    // beyond that are dropped rather than let memory grow without end.
    ...(settings.logFormat === 'pretty'
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } }
      : { stream: pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 250, maxLength: 8 * 1024 * 1024 }) }),
  };
}
