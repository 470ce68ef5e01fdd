/** The process-wide EntityManager; inside a request context it resolves to that request's fork. */
export const ENTITY_MANAGER = Symbol.for('tally.EntityManager');
