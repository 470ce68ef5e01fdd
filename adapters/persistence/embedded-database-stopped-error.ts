/**
 * The embedded database will answer no more statements in this process: its data directory is no longer ours,
 * or PostgreSQL stopped on a fatal error. Only a restart of tally can bring it back; database-failure.ts makes
 * it core's DatabaseUnavailableError. Its own file, so that persistence knows it without loading PGlite.
 */
export class EmbeddedDatabaseStoppedError extends Error {
  static readonly CODE = 'TALLY_EMBEDDED_DATABASE_STOPPED';
  /** MikroORM wraps a driver's error in its own, copying its fields: this code and the reason survive that. */
  readonly code = EmbeddedDatabaseStoppedError.CODE;

  constructor(readonly reason: string) {
    super(`the embedded database stopped: ${reason}`);
    this.name = 'EmbeddedDatabaseStoppedError';
  }
}
