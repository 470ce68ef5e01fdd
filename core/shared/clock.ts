/** Port: the current time, injected so that use cases and their tests agree on "now" and "today". */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol.for('tally.Clock');
