import { randomFillSync } from 'node:crypto';
import { injectable } from 'inversify';
import { v7 } from 'uuid';
import type { IdGenerator } from '../../core/shared/id-generator.js';

/**
 * Randomness for ids, fetched from the OS 1024 ids' worth at a time: `v7()` alone asks the OS for 16 bytes per
 * id, which cost more than everything else an import does with a row. The 16-byte views are made once and
 * see each refill, so taking an id's randomness allocates nothing.
 */
const pool = new Uint8Array(16 * 1024);
const randomPerId = Array.from({ length: pool.length / 16 }, (_, index) => pool.subarray(index * 16, index * 16 + 16));
let nextRandom = randomPerId.length;

/**
 * The time and counter of the last id. Once `v7()` is handed its random bytes it keeps no state of its own,
 * so the ordering rule it would apply is kept here: within one millisecond (or when the clock steps back) the
 * counter goes up by one, so ids of one process never go down. Shared by every instance, like `v7()`'s.
 */
const last = { msecs: -Infinity, seq: 0 };

/**
 * The id's bytes and its text are written into the same two buffers every time: `v7()`'s own formatting
 * builds the text from some twenty small strings, a garbage rate that an import of a million rows notices.
 */
const bytes = new Uint8Array(16);
const text = Buffer.from('00000000-0000-0000-0000-000000000000', 'latin1');
const hexDigits = Buffer.from('0123456789abcdef', 'latin1');
/** Where each byte's two hex digits go in the text, around the dashes. */
const textOffsets = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

/** UUIDv7: time-ordered, so new rows land at the right-hand end of the primary-key index. */
@injectable()
export class UuidV7IdGenerator implements IdGenerator {
  next(): string {
    if (nextRandom === randomPerId.length) {
      randomFillSync(pool);
      nextRandom = 0;
    }
    const random = randomPerId[nextRandom]!;
    nextRandom += 1;
    const now = Date.now();
    if (now > last.msecs) {
      last.msecs = now;
      // A random 31-bit start, as `v7()` takes it, leaves room for 2^31 ids in the same millisecond.
      last.seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
    } else {
      last.seq = (last.seq + 1) | 0;
      // The 32-bit counter wrapped: borrow the next millisecond rather than repeat a smaller id.
      if (last.seq === 0) last.msecs += 1;
    }
    v7({ random, msecs: last.msecs, seq: last.seq }, bytes);
    for (let index = 0; index < 16; index += 1) {
      const offset = textOffsets[index]!;
      text[offset] = hexDigits[bytes[index]! >> 4]!;
      text[offset + 1] = hexDigits[bytes[index]! & 0x0f]!;
    }
    return text.toString('latin1');
  }
}
