import { describe, expect, it } from 'vitest';
import { StatementCoalescer } from '../../adapters/persistence/statement-coalescer.js';

/**
 * A statement whose runs finish only when the test says so, recording each run: `one:` for a lone item, the
 * items of a batch otherwise.
 */
function controlledStatement() {
  const runs: string[] = [];
  const finishers: (() => void)[] = [];
  const later = <T>(value: T) => new Promise<T>((resolve) => finishers.push(() => resolve(value)));
  return {
    runs,
    statement: {
      many: (items: readonly number[]) => {
        runs.push(items.join(','));
        return later(items.map((item) => item * 10));
      },
      one: (item: number) => {
        runs.push(`one:${item}`);
        return later(item * 10);
      },
    },
    finishNext: () => finishers.shift()?.(),
  };
}

/** Lets every promise that can settle now settle (the coalescer's loop goes on in later microtasks). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A PostgreSQL error as the driver raises it. */
function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('StatementCoalescer', () => {
  it('sends a request that finds nothing in flight at once, alone, with no timer to wait for', async () => {
    const controlled = controlledStatement();
    const coalescer = new StatementCoalescer(controlled.statement);
    const answer = coalescer.run(1);
    // Synchronously: nothing waits for a tick, let alone a timer.
    expect(controlled.runs).toEqual(['one:1']);
    controlled.finishNext();
    await expect(answer).resolves.toBe(10);
  });

  it('sends the requests that queued during a statement together in the next one, each with its own outcome', async () => {
    const controlled = controlledStatement();
    const coalescer = new StatementCoalescer(controlled.statement);
    const answers = [1, 2, 3, 4].map((item) => coalescer.run(item));
    expect(controlled.runs).toEqual(['one:1']);
    controlled.finishNext();
    await settle();
    expect(controlled.runs).toEqual(['one:1', '2,3,4']);
    controlled.finishNext();
    await expect(Promise.all(answers)).resolves.toEqual([10, 20, 30, 40]);
  });

  it('splits a long queue into statements of at most maxBatch items', async () => {
    const controlled = controlledStatement();
    const coalescer = new StatementCoalescer(controlled.statement, 2);
    const answers = [1, 2, 3, 4, 5].map((item) => coalescer.run(item));
    for (let statement = 0; statement < 3; statement += 1) {
      controlled.finishNext();
      await settle();
    }
    expect(controlled.runs).toEqual(['one:1', '2,3', '4,5']);
    await expect(Promise.all(answers)).resolves.toEqual([10, 20, 30, 40, 50]);
  });

  it('tries each item of a batch that failed as a whole alone, so one bad item fails only its own request', async () => {
    const tried: string[] = [];
    const coalescer = new StatementCoalescer<number, number>({
      many: async (items) => {
        tried.push(items.join(','));
        throw pgError('23514', 'violates check constraint');
      },
      one: async (item) => {
        tried.push(`one:${item}`);
        if (item === 3) throw pgError('23514', 'violates check constraint');
        return item * 10;
      },
    });
    const answers = Promise.allSettled([1, 2, 3, 4].map((item) => coalescer.run(item)));

    await expect(answers).resolves.toEqual([
      { status: 'fulfilled', value: 10 },
      { status: 'fulfilled', value: 20 },
      { status: 'rejected', reason: pgError('23514', 'violates check constraint') },
      { status: 'fulfilled', value: 40 },
    ]);
    expect(tried).toEqual(['one:1', '2,3,4', 'one:2', 'one:3', 'one:4']);
  });

  it('fails every request of a batch with the error that says the database is unavailable, without trying each again', async () => {
    const tried: string[] = [];
    let calls = 0;
    const coalescer = new StatementCoalescer<number, number>({
      many: async (items) => {
        tried.push(items.join(','));
        calls += 1;
        if (calls === 1) throw pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432');
        return items.map((item) => item * 10);
      },
      one: async (item) => {
        tried.push(`one:${item}`);
        return item * 10;
      },
    });
    const first = coalescer.run(1);
    const failing = Promise.allSettled([coalescer.run(2), coalescer.run(3)]);
    await expect(first).resolves.toBe(10);
    const outcomes = await failing;
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(tried).toEqual(['one:1', '2,3']);

    // The next requests are served as usual.
    await expect(Promise.all([coalescer.run(4), coalescer.run(5), coalescer.run(6)])).resolves.toEqual([40, 50, 60]);
  });

  it('fails the requests that queued behind a statement the database did not answer, rather than send theirs', async () => {
    const tried: string[] = [];
    const finishers: ((failure?: Error) => void)[] = [];
    const coalescer = new StatementCoalescer<number, number>({
      many: async (items) => {
        tried.push(items.join(','));
        return items.map((item) => item * 10);
      },
      one: (item) => {
        tried.push(`one:${item}`);
        return new Promise((resolve, reject) => finishers.push((failure) => (failure ? reject(failure) : resolve(item * 10))));
      },
    });
    const hung = coalescer.run(1);
    // Arrive while the first statement waits for a database that stopped answering.
    const queued = Promise.allSettled([coalescer.run(2), coalescer.run(3)]);
    finishers.shift()?.(pgError('57014', 'canceling statement due to statement timeout'));
    await expect(hung).rejects.toThrow('statement timeout');
    expect((await queued).map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(tried).toEqual(['one:1']);

    // Those that come after the failure are sent as usual.
    const next = coalescer.run(4);
    finishers.shift()?.();
    await expect(next).resolves.toBe(40);
  });
});
