interface Pending<In, Out> {
  readonly item: In;
  readonly resolve: (result: Out) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Coalesces concurrent writes into multi-row statements without ever waiting on a timer. A write that finds no
 * statement in flight is sent at once, alone, so an idle system answers as fast as without coalescing; writes
 * that arrive while a statement is in flight queue up and go together in the next one. Under load a batch is
 * therefore "whatever queued during the previous round trip", which is what lifts throughput above one
 * statement per request: the database pays one round trip, parse and commit for the whole batch.
 *
 * `writeBatch` answers one outcome per item, in order; when it throws, every write of that batch fails with
 * its error (the batch is one statement: it wrote nothing).
 */
export class WriteCoalescer<In, Out> {
  private queue: Pending<In, Out>[] = [];
  private inFlight = false;

  constructor(
    private readonly writeBatch: (items: readonly In[]) => Promise<readonly Out[]>,
    /** Bounds one statement's size (and its parameter's), so a burst becomes several statements, not one huge one. */
    private readonly maxBatch = 500,
  ) {}

  write(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.inFlight) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.inFlight = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const outcomes = await this.writeBatch(batch.map((pending) => pending.item));
        batch.forEach((pending, index) => pending.resolve(outcomes[index] as Out));
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    this.inFlight = false;
  }
}
