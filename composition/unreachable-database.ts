import { CommandFailure } from '../adapters/cli/command-failure.js';
import { EXIT } from '../adapters/cli/exit-codes.js';
import { translateDriverFailure } from '../adapters/persistence/database-failure.js';
import { DataDirectoryInUseError } from '../adapters/persistence/data-directory-in-use-error.js';

/**
 * A database that cannot be reached becomes core's DatabaseUnavailableError (persistence knows which driver
 * failures mean that), which the CLI maps to its "unavailable" exit code; so does a data directory in use.
 */
export function asCommandFailure(error: unknown): unknown {
  if (error instanceof DataDirectoryInUseError) return new CommandFailure(error.message, EXIT.unavailable);
  return translateDriverFailure(error);
}
