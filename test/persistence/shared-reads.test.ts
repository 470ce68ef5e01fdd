import { describe, expect, it } from 'vitest';
import { sharedReads } from '../../adapters/persistence/shared-reads.js';

/** A read whose runs finish only when the test says so, recording the key of each run. */
function controlledRead() {
  const runs: string[] = [];
  const finishers: ((failure?: Error) => void)[] = [];
  return {
    runs,
    read: (key: string) => {
      runs.push(key);
      const run = runs.length;
      return new Promise<{ key: string; run: number }>((resolve, reject) =>
        finishers.push((failure) => (failure ? reject(failure) : resolve({ key, run }))),
      );
    },
    finishNext: (failure?: Error) => finishers.shift()?.(failure),
  };
}

/** Lets every promise that can settle now settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('sharedReads', () => {
  it('sends a read that finds nothing in flight at once', async () => {
    const controlled = controlledRead();
    const reads = sharedReads(controlled.read, (key) => key);
    const answer = reads.run('page-1');
    expect(controlled.runs).toEqual(['page-1']);
    controlled.finishNext();
    await expect(answer).resolves.toEqual({ key: 'page-1', run: 1 });
  });

  it('never answers a request from a read sent before it arrived: those that queued share the next one', async () => {
    const controlled = controlledRead();
    const reads = sharedReads(controlled.read, (key) => key);
    const first = reads.run('page-1');
    // Arrive while the first read is in flight: it began before them, so it may miss a write they have seen.
    const later = [reads.run('page-1'), reads.run('page-1'), reads.run('page-1')];
    controlled.finishNext();
    await settle();
    expect(controlled.runs).toEqual(['page-1', 'page-1']);
    controlled.finishNext();
    await expect(first).resolves.toEqual({ key: 'page-1', run: 1 });
    const answers = await Promise.all(later);
    expect(answers).toEqual(Array(3).fill({ key: 'page-1', run: 2 }));
    // One answer, shared: frozen so that no caller can change what the others read.
    expect(answers[0]).toBe(answers[2]);
    expect(Object.isFrozen(answers[0])).toBe(true);
  });

  it('reads each distinct key of a batch once, in parallel, and gives each request its own key’s answer', async () => {
    const controlled = controlledRead();
    const reads = sharedReads(controlled.read, (key) => key);
    const first = reads.run('page-1');
    const later = ['page-2', 'page-1', 'page-3', 'page-2'].map((key) => reads.run(key));
    controlled.finishNext();
    await settle();
    expect(controlled.runs).toEqual(['page-1', 'page-2', 'page-1', 'page-3']);
    for (let run = 0; run < 3; run += 1) controlled.finishNext();
    await first;
    expect((await Promise.all(later)).map((answer) => `${answer.key}#${answer.run}`)).toEqual([
      'page-2#2',
      'page-1#3',
      'page-3#4',
      'page-2#2',
    ]);
  });

  it('fails the requests of a read that failed, and reads again for the next ones', async () => {
    const controlled = controlledRead();
    const reads = sharedReads(controlled.read, (key) => key);
    const failed = reads.run('stats');
    controlled.finishNext(new Error('statement timeout'));
    await expect(failed).rejects.toThrow('statement timeout');
    const next = reads.run('stats');
    controlled.finishNext();
    await expect(next).resolves.toEqual({ key: 'stats', run: 2 });
  });
});
