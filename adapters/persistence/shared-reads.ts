import { StatementCoalescer } from './statement-coalescer.js';

/**
 * Reads answered together: requests for the same read (the same `keyOf`) that arrive while it is in flight wait
 * for the next one, which answers them all. A read never joins one already sent, so each answer comes from a
 * statement that began after its request arrived: it holds every write answered before, as a read of its own
 * would. Under load a listing's first page or the statistics cost one statement, one parse of its rows and one
 * mapping per round trip, not per request, and a lone request still goes out at once (StatementCoalescer).
 * Callers share the answer, so it is frozen. Like every coalesced statement, never to be used in a transaction.
 */
export function sharedReads<Key, Out extends object>(
  read: (key: Key) => Promise<Out>,
  keyOf: (key: Key) => string,
): StatementCoalescer<Key, Out> {
  const readFrozen = async (key: Key) => Object.freeze(await read(key));
  return new StatementCoalescer<Key, Out>({
    one: readFrozen,
    // One read for each distinct key in the batch (nearly always a single one), in parallel.
    many: (keys) => {
      const reads = new Map<string, Promise<Out>>();
      for (const key of keys) if (!reads.has(keyOf(key))) reads.set(keyOf(key), readFrozen(key));
      return Promise.all(keys.map((key) => reads.get(keyOf(key)) as Promise<Out>));
    },
  });
}
