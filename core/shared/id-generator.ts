/** Port: new unique identifiers, time-ordered so that index inserts stay local. */
export interface IdGenerator {
  next(): string;
}

export const ID_GENERATOR = Symbol.for('tally.IdGenerator');
