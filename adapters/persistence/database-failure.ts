import { DatabaseUnavailableError } from '../../core/shared/database-unavailable-error.js';
import { EmbeddedDatabaseStoppedError } from './embedded-database-stopped-error.js';

/** Node's network errors: the server cannot be reached, or the connection to it broke. */
const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was lost',
  ETIMEDOUT: 'the connection timed out',
  ENOTFOUND: 'its host name does not resolve',
  EAI_AGAIN: 'its host name does not resolve now',
  EHOSTUNREACH: 'its host cannot be reached',
  ENETUNREACH: 'its network cannot be reached',
};

/**
 * PostgreSQL's states that mean "not now" rather than "not this request": the connection-exception class (08…),
 * a cancelled statement (57014: our statement timeout), the server shutting down or starting up (57P01–57P03),
 * resources exhausted (53000–53300: disk full, out of memory, no connection slot left), and the system-error
 * class (58…: its files cannot be read or written — what the embedded database answers when its data
 * directory is removed under it).
 */
function serverStateReason(code: string): string | undefined {
  if (/^08...$/.test(code)) return 'the connection failed';
  if (code === '57014') return 'it did not answer within the statement timeout';
  if (/^57P0[123]$/.test(code)) return 'the server is shutting down or starting up';
  if (code === '53100') return 'its disk is full';
  if (code === '53000' || code === '53200') return 'it is out of memory or other resources';
  if (code === '53300') return 'it has no connection slot left';
  if (/^58...$/.test(code)) return 'it cannot read or write its files';
  return undefined;
}

/**
 * The `pg` driver's own failures carry no code, only these messages: a pool that found no connection in time
 * (connect or acquire timeout), a query that got no answer in time, a connection that ended under a query.
 */
const DRIVER_MESSAGES: readonly (readonly [RegExp, string])[] = [
  [/^timeout exceeded when trying to connect$/, 'no connection was free or could be opened in time'],
  [/^Connection terminated due to connection timeout$/, 'no connection could be opened in time'],
  [/^Query read timeout$/, 'it did not answer within the statement timeout'],
  [/^Connection terminated( unexpectedly)?$/, 'the connection was lost'],
  [/is not queryable$/, 'the connection was lost'],
  // PGlite's, the embedded database's driver; "Aborted(…)" is WebAssembly's RuntimeError when PGlite aborted.
  [/^PGlite is clos(ed|ing)$/, 'the embedded database is closed'],
  [/^Aborted\(/, 'the embedded database stopped; restart tally'],
];

function reasonOf(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (code === EmbeddedDatabaseStoppedError.CODE) return (error as EmbeddedDatabaseStoppedError).reason;
  if (typeof code === 'string') {
    const reason = NETWORK_REASONS[code] ?? serverStateReason(code);
    if (reason) return reason;
  }
  const known = DRIVER_MESSAGES.find(([pattern]) => pattern.test(error.message));
  if (known) return known[1];
  // MikroORM and Kysely wrap the driver's error; an AggregateError holds one per address tried.
  if (error instanceof AggregateError) return error.errors.map(reasonOf).find((reason) => reason !== undefined);
  return reasonOf(error.cause);
}

/**
 * The one place that knows which driver failures mean "the database is unavailable": each becomes core's
 * DatabaseUnavailableError, with a reason of our own words (the driver's messages can name the server, its user
 * or its URL). Every other error is returned as it is.
 */
export function translateDriverFailure(error: unknown): unknown {
  if (error instanceof DatabaseUnavailableError) return error;
  const reason = reasonOf(error);
  return reason === undefined ? error : new DatabaseUnavailableError(reason);
}
