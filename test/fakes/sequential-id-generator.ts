import type { IdGenerator } from '../../core/shared/id-generator.js';

/**
 * Ids 1, 2, 3… shaped as version-7 UUIDs, so they pass any uuid check and sort as text in the order they
 * were issued, like the time-ordered ids of production.
 */
export class SequentialIdGenerator implements IdGenerator {
  private issued = 0;

  next(): string {
    this.issued += 1;
    return SequentialIdGenerator.idFor(this.issued);
  }

  /** The id that the `n`th call to `next()` returns (1-based), for asserting on ids without hard-coding them. */
  static idFor(n: number): string {
    return `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
  }
}
