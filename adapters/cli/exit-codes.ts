import { ConflictError } from '../../core/shared/conflict-error.js';
import { DatabaseUnavailableError } from '../../core/shared/database-unavailable-error.js';
import { NotFoundError } from '../../core/shared/not-found-error.js';
import { ValidationError } from '../../core/shared/validation-error.js';

/** Exit codes, documented in `tally --help`: scripts can tell the kind of failure without parsing text. */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  configuration: 3,
  invalidInput: 4,
  conflict: 5,
  notFound: 6,
  unavailable: 7,
  migrationsPending: 8,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  unexpected error
  2  bad command-line usage
  3  bad configuration (environment variables)
  4  invalid input
  5  conflict: a value that must be unique is taken
  6  not found
  7  database unavailable, or not answering in time
  8  migrations pending (tally db status)`;

/** Errors that know their own exit code (configuration, database availability) carry it in `exitCode`. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof ValidationError) return EXIT.invalidInput;
  if (error instanceof ConflictError) return EXIT.conflict;
  if (error instanceof NotFoundError) return EXIT.notFound;
  if (error instanceof DatabaseUnavailableError) return EXIT.unavailable;
  const own = (error as { exitCode?: unknown } | undefined)?.exitCode;
  return typeof own === 'number' ? own : EXIT.internal;
}
