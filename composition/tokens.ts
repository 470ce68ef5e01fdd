/** Tokens for what only the composition root binds: the configuration and the database handle. */
export const CONFIG = Symbol.for('tally.Config');
export const DATABASE = Symbol.for('tally.Database');
