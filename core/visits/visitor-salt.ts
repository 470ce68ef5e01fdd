/** Configuration: the secret that makes visitor hashes useless to anyone who reads the database alone. */
export interface VisitorSalt {
  readonly value: string;
}

export const VISITOR_SALT = Symbol.for('tally.VisitorSalt');
