import { describe, expect, it } from 'vitest';
import { WriteCoalescer } from '../../adapters/persistence/write-coalescer.js';

/** A batch writer whose statements finish only when the test says so, recording each batch it was given. */
function controlledWriter() {
  const batches: number[][] = [];
  const finishers: (() => void)[] = [];
  const writeBatch = (items: readonly number[]) => {
    batches.push([...items]);
    return new Promise<number[]>((resolve) => finishers.push(() => resolve(items.map((item) => item * 10))));
  };
  return { batches, writeBatch, finishNext: () => finishers.shift()?.() };
}

describe('WriteCoalescer', () => {
  it('sends a write that finds nothing in flight at once, alone', async () => {
    const writer = controlledWriter();
    const coalescer = new WriteCoalescer(writer.writeBatch);
    const answer = coalescer.write(1);
    expect(writer.batches).toEqual([[1]]);
    writer.finishNext();
    await expect(answer).resolves.toBe(10);
  });

  it('sends the writes that queued during a statement together in the next one, each with its own outcome', async () => {
    const writer = controlledWriter();
    const coalescer = new WriteCoalescer(writer.writeBatch);
    const answers = [1, 2, 3, 4].map((item) => coalescer.write(item));
    expect(writer.batches).toEqual([[1]]);
    writer.finishNext();
    await answers[0];
    expect(writer.batches).toEqual([[1], [2, 3, 4]]);
    writer.finishNext();
    await expect(Promise.all(answers)).resolves.toEqual([10, 20, 30, 40]);
  });

  it('splits a long queue into statements of at most maxBatch items', async () => {
    const writer = controlledWriter();
    const coalescer = new WriteCoalescer(writer.writeBatch, 2);
    const answers = [1, 2, 3, 4, 5].map((item) => coalescer.write(item));
    for (let statement = 0; statement < 3; statement += 1) {
      await Promise.resolve();
      writer.finishNext();
      await answers[statement === 0 ? 0 : statement * 2];
    }
    expect(writer.batches).toEqual([[1], [2, 3], [4, 5]]);
    await expect(Promise.all(answers)).resolves.toEqual([10, 20, 30, 40, 50]);
  });

  it('fails every write of a failed statement with its error, and goes on with the next batch', async () => {
    let calls = 0;
    const coalescer = new WriteCoalescer<number, number>(async (items) => {
      calls += 1;
      if (calls === 2) throw new Error('database unavailable');
      return items.map((item) => item * 10);
    });
    const first = coalescer.write(1);
    const failing = [coalescer.write(2), coalescer.write(3)];
    await expect(first).resolves.toBe(10);
    await expect(Promise.allSettled(failing)).resolves.toEqual([
      { status: 'rejected', reason: new Error('database unavailable') },
      { status: 'rejected', reason: new Error('database unavailable') },
    ]);
    await expect(coalescer.write(4)).resolves.toBe(40);
  });
});
