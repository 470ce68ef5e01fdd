/** A connection pool's use, for the metrics. */
export interface PoolUse {
  readonly total: number;
  readonly idle: number;
  /** Queries queued for a connection: above 0 for long means the pool is too small or the database too slow. */
  readonly waiting: number;
}
