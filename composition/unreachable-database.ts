import { ConnectionException } from '@mikro-orm/core';
import { CommandFailure } from '../adapters/cli/command-failure.js';
import { EXIT } from '../adapters/cli/exit-codes.js';
import { DataDirectoryInUseError } from '../adapters/persistence/embedded-postgres.js';

/** Node's network errors: the server cannot be reached at all. */
const NETWORK_ERROR_CODES = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'];

/**
 * MikroORM's PostgreSQL driver does not turn a refused connection into a ConnectionException: it arrives as the
 * pg error itself (through the Migrator) or as a DriverException carrying its `code`. PostgreSQL's own
 * "connection exception" class (08…) and "cannot connect now" states (57P01–57P03) mean the same.
 */
function isUnreachable(error: unknown): boolean {
  if (error instanceof ConnectionException) return true;
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && (NETWORK_ERROR_CODES.includes(code) || /^(08...|57P0[123])$/.test(code));
}

/** Failures of the database's reachability become the CLI's "unavailable" exit code, not an internal error. */
export function asCommandFailure(error: unknown): unknown {
  if (error instanceof DataDirectoryInUseError) return new CommandFailure(error.message, EXIT.unavailable);
  if (isUnreachable(error)) {
    return new CommandFailure(`database unavailable: ${(error as Error).message}`, EXIT.unavailable);
  }
  return error;
}
