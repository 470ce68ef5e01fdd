import pg from 'pg';

/**
 * pg's `query_timeout` rejects a query that got no answer but leaves it in flight on its connection, so the
 * next query there — the ROLLBACK of the failed transaction — waits behind it for a whole timeout more: during
 * a network partition a write took two query timeouts instead of one. This client ends itself when one of its
 * queries timed out; pg then destroys the socket at once (a query is still active), whatever was queued behind
 * fails now, and the pool discards the client instead of lending it again.
 */
export class TimeoutClosingClient extends pg.Client {
  // pg's query has a dozen overloads; this one passes every call through unchanged.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const result: unknown = Reflect.apply(super.query, this, args);
    if (result instanceof Promise) {
      result.catch((error: unknown) => {
        if (error instanceof Error && error.message === 'Query read timeout') void this.end();
      });
    }
    return result;
  }
}
