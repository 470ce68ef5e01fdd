/**
 * Port: the keyed one-way hash that turns what identifies a visitor into the id stored for it. Its key (the
 * visitor salt) stays with the implementation: without it, the database alone cannot be matched against guessed
 * addresses. Ids must stay the same across releases, or returning visitors would be counted again.
 */
export interface VisitorHash {
  /** The hash of `text`, as lowercase hex. */
  digest(text: string): string;
}

export const VISITOR_HASH = Symbol.for('tally.VisitorHash');
