/**
 * A statement that runs very often with new values: a batch of registrations, of visits, of form answers.
 * MikroORM writes a statement's values into its text, so PostgreSQL parses and plans every one anew; prepared,
 * a statement is parsed once on each connection and its plan kept. For a batch of twenty visits, planning took
 * 0.23–0.34 ms and execution 0.41–0.53 ms, and the visits statement is the one the home page waits for
 * (bench/README.md, sixth session).
 * Written with MikroORM's `?` placeholders, which the embedded database's MikroORM fills in as before; so a
 * statement's text has no other `?` (no jsonb `?` operator).
 */
export interface PreparedStatement {
  /** Unique within the process: the server keeps the statement under this name on each connection. */
  readonly name: string;
  readonly sql: string;
}

/** Runs prepared statements, each prepared on every connection that runs it where the driver can. Never inside a transaction. */
export interface PreparedStatements {
  all<Row>(statement: PreparedStatement, params: readonly unknown[]): Promise<Row[]>;
}

export const PREPARED_STATEMENTS = Symbol.for('tally.PreparedStatements');
