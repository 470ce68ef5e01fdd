import type { PGlite } from '@electric-sql/pglite';
import { EmbeddedDatabaseStoppedError } from './embedded-database-stopped-error.js';

/** PostgreSQL's severities after which its process must not run another statement. */
const FATAL_SEVERITIES = new Set(['FATAL', 'PANIC']);

/** A PANIC or FATAL from PostgreSQL, or WebAssembly's RuntimeError (PGlite aborted or trapped). */
function isFatal(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'RuntimeError' || FATAL_SEVERITIES.has((error as { severity?: unknown }).severity as string);
}

/**
 * PGlite that refuses every statement, at once, once it must not run one more. A server PostgreSQL restarts its
 * backends after a PANIC; PGlite runs in our process and does not: the next statement after one (a WAL file it
 * could not create, say) spins in WebAssembly and blocks the event loop for good, liveness probes included. So
 * after a PANIC or FATAL, an aborted WebAssembly instance, or `stop(reason)` (the data directory lost), every
 * query, exec and close fails or returns at once, and the process stays able to answer 503.
 */
export class StoppablePglite {
  private stoppedFor: EmbeddedDatabaseStoppedError | undefined;
  /** The PGlite to hand to the Kysely dialect: PGlite's own, with `query`, `exec` and `close` guarded. */
  readonly pglite: PGlite;

  constructor(pglite: PGlite) {
    this.pglite = new Proxy(pglite, {
      get: (target, property) => {
        // PGlite keeps its state in private fields, so every method runs on PGlite itself, never on the proxy.
        const member: unknown = Reflect.get(target, property);
        if (typeof member !== 'function') return member;
        if (property === 'close') return () => (this.stoppedFor ? Promise.resolve() : target.close());
        if (property !== 'query' && property !== 'exec') return member.bind(target);
        return (...args: unknown[]) => this.run(() => member.apply(target, args) as Promise<unknown>);
      },
    });
  }

  get stopped(): EmbeddedDatabaseStoppedError | undefined {
    return this.stoppedFor;
  }

  stop(reason: string): void {
    this.stoppedFor ??= new EmbeddedDatabaseStoppedError(reason);
  }

  private async run(statement: () => Promise<unknown>): Promise<unknown> {
    if (this.stoppedFor) throw this.stoppedFor;
    try {
      return await statement();
    } catch (error) {
      if (isFatal(error)) this.stop('PostgreSQL stopped on a fatal error; restart tally');
      throw error;
    }
  }
}
