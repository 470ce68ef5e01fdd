import { validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { UuidV7IdGenerator } from '../../adapters/system/uuid-v7-id-generator.js';

// More ids than the random pool holds, so refills are crossed several times, and many within one millisecond.
const COUNT = 50_000;

describe('UuidV7IdGenerator', () => {
  const ids = Array.from({ length: COUNT }, () => new UuidV7IdGenerator().next());

  it('makes valid version 7 UUIDs', () => {
    for (const id of ids) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
    }
  });

  it('never repeats an id', () => {
    expect(new Set(ids).size).toBe(COUNT);
  });

  it('makes every id greater than the one before, across instances and within one millisecond', () => {
    for (let index = 1; index < COUNT; index += 1) expect(ids[index]! > ids[index - 1]!).toBe(true);
  });

  it('starts its ids with the current time', () => {
    const before = Date.now();
    const id = new UuidV7IdGenerator().next();
    const msecs = Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
    expect(msecs).toBeGreaterThanOrEqual(before);
    expect(msecs).toBeLessThanOrEqual(Date.now());
  });
});
