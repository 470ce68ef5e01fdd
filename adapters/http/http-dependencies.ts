import type { UseCases } from '../../core/shared/use-cases.js';
import type { ShutdownState } from './shutdown-state.js';

/** What the database offers the HTTP layer: the facts readiness and the metrics need. */
export interface HttpDatabase {
  ping(): Promise<void>;
  pendingMigrations(): Promise<string[]>;
  /** The connection pool's use for the metrics, or undefined where there is no pool (the embedded database). */
  poolUse(): Promise<PoolUse | undefined>;
}

export interface PoolUse {
  readonly total: number;
  readonly idle: number;
  /** Queries queued for a connection: above 0 for long means the pool is too small or the database too slow. */
  readonly waiting: number;
}

export interface HttpSettings {
  readonly logLevel: string;
  readonly trustProxy: boolean | number | string;
  readonly owner: { readonly name: string; readonly url?: string };
  readonly version: { readonly version: string; readonly build: string; readonly commit: string };
  readonly adminToken?: string;
  readonly readinessTimeoutMs: number;
  readonly bodyLimitBytes: number;
  readonly rateLimitWritesPerMinute: number;
  readonly logFormat: 'json' | 'pretty';
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly maxRequestsInFlight: number;
  readonly maxEventLoopDelayMs: number;
  readonly maxDatabaseQueue: number;
}

/** Everything the HTTP adapter is given by the composition root; it creates none of it itself. */
export interface HttpDependencies {
  readonly settings: HttpSettings;
  readonly database: HttpDatabase;
  readonly shutdown: ShutdownState;
  /** Each route plugin takes the use cases it runs from here, by class. */
  readonly useCases: UseCases;
}
