/**
 * Seconds a client is asked to wait before retrying after a 503: long enough for a database failover or a
 * burst to pass, short enough that a retrying client notices the recovery soon.
 */
export const RETRY_AFTER_SECONDS = 5;
