/** Where the data lives: a PostgreSQL server, or PostgreSQL embedded in this process (PGlite). */
export type DatabaseConfig =
  | { readonly kind: 'server'; readonly url: string; readonly poolSize: number; readonly timeouts?: DatabaseTimeouts }
  | { readonly kind: 'embedded'; readonly dataDir: string };

/**
 * How long a server may keep a request waiting. Together they bound a request whose database stops answering:
 * at most `connectMs` for a pooled connection, then `statementMs` (plus half a second, see database.ts) for the
 * statement, then a 503: 5 s with the defaults.
 */
export interface DatabaseTimeouts {
  /** Opening a connection, or waiting for a free one in the pool. */
  readonly connectMs: number;
  /**
   * One statement, enforced by the server and, for when no answer can arrive at all, by the client too. Only
   * `tally serve` sets it: batch commands (an import's COPY, migrations) may rightly run for minutes.
   */
  readonly statementMs?: number;
}

export const DEFAULT_DATABASE_TIMEOUTS = { connectMs: 1500, statementMs: 3000 } as const;
