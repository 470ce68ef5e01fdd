import { DatabaseUnavailableError } from '../../core/shared/database-unavailable-error.js';
import { translateDriverFailure } from './database-failure.js';

interface Pending<In, Out> {
  readonly item: In;
  readonly resolve: (result: Out) => void;
  readonly reject: (error: unknown) => void;
}

/** The two ways to run one kind of statement: for many requests at once, or for one alone. */
export interface CoalescedStatement<In, Out> {
  /** One statement for every item; answers one outcome per item, in order. */
  many(items: readonly In[]): Promise<readonly Out[]>;
  /** One item alone: a request that found nothing in flight, or each item again when `many` failed as a whole. */
  one(item: In): Promise<Out>;
}

/**
 * Coalesces concurrent requests for the same kind of statement (an insert, a counter update, a read) into one
 * statement, without ever waiting on a timer. A request that finds no statement in flight is sent at once,
 * alone, so an idle system answers as fast as without coalescing; requests that arrive while a statement is in
 * flight queue up and go together in the next one. Under load a batch is therefore "whatever queued during the
 * previous round trip", which is what lifts throughput above one statement per request: the database pays one
 * round trip, parse and commit for the whole batch. A request never joins a statement already in flight, so a
 * read queued after a write sees that write.
 *
 * When a batch fails as a whole, each of its items is tried alone, so that one bad row fails only its own
 * request — unless the database is unavailable, which trying again at once would only load further: then every
 * request of the batch fails with that error, and so do the requests that queued behind the failed statement.
 * They arrived while it was in flight and the database was found unavailable after they arrived; sending theirs
 * would make them wait out a second timeout, so that no request's answer would be bounded by one.
 */
export class StatementCoalescer<In, Out> {
  private queue: Pending<In, Out>[] = [];
  private inFlight = false;

  constructor(
    private readonly statement: CoalescedStatement<In, Out>,
    /** Bounds one statement's size (and its parameter's), so a burst becomes several statements, not one huge one. */
    private readonly maxBatch = 500,
  ) {}

  run(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.inFlight) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.inFlight = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      const unavailable = batch.length === 1 ? await this.runAlone(batch[0] as Pending<In, Out>) : await this.runTogether(batch);
      if (unavailable !== undefined) for (const pending of this.queue.splice(0)) pending.reject(unavailable);
    }
    this.inFlight = false;
  }

  /** Answers the error when the database was unavailable, after failing the batch with it. */
  private async runTogether(batch: readonly Pending<In, Out>[]): Promise<unknown> {
    try {
      const outcomes = await this.statement.many(batch.map((pending) => pending.item));
      batch.forEach((pending, index) => pending.resolve(outcomes[index] as Out));
      return undefined;
    } catch (error) {
      if (isUnavailable(error)) {
        for (const pending of batch) pending.reject(error);
        return error;
      }
      const failures = await Promise.all(batch.map((pending) => this.runAlone(pending)));
      return failures.find((failure) => failure !== undefined);
    }
  }

  /** Answers the error when the database was unavailable, after failing the request with it. */
  private async runAlone(pending: Pending<In, Out>): Promise<unknown> {
    try {
      pending.resolve(await this.statement.one(pending.item));
      return undefined;
    } catch (error) {
      pending.reject(error);
      return isUnavailable(error) ? error : undefined;
    }
  }
}

function isUnavailable(error: unknown): boolean {
  return translateDriverFailure(error) instanceof DatabaseUnavailableError;
}
