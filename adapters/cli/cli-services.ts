import type { UseCases } from '../../core/shared/use-cases.js';

export interface VersionInfo {
  readonly version: string;
  readonly build: string;
  readonly commit: string;
}

/** An open connection to tally's database with the use cases wired to it. */
export interface CliSession {
  /** Each command takes the use cases it runs from here, by class. */
  readonly useCases: UseCases;
  /** Runs a command's work, telling a database that cannot be reached by the "unavailable" exit code. */
  run<T>(work: () => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  pendingMigrations(): Promise<string[]>;
  migrate(): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * What opening a session does to the schema. `usable`, for the commands that read and write data: the embedded
 * database, this process's alone, is brought up to date first, while a server's is left to `db migrate` (a
 * deploy step of its own). `as-found`, for the `db` commands, which report on the schema and change it
 * themselves, so they can tell the truth about it.
 */
export type SessionSchema = 'usable' | 'as-found';

/** What the composition root hands the command line; the CLI creates none of it itself. */
export interface CliServices {
  version(): VersionInfo;
  openSession(options: { schema: SessionSchema }): Promise<CliSession>;
  /** Serves HTTP until SIGTERM or SIGINT, then shuts down gracefully. */
  serve(options: { migrate: boolean }): Promise<void>;
}
