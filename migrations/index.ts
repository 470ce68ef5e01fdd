import { Migration20261125000000InitialSchema } from './Migration20261125000000InitialSchema.js';
import { Migration20261125010000People } from './Migration20261125010000People.js';
import { Migration20261207000000VisitTotals } from './Migration20261207000000VisitTotals.js';

/**
 * Every migration, in order. Listed explicitly rather than found by a glob so that the same list works from
 * the TypeScript sources under test and from the compiled image.
 */
export const migrations = [
  { name: 'Migration20261125000000InitialSchema', class: Migration20261125000000InitialSchema },
  { name: 'Migration20261125010000People', class: Migration20261125010000People },
  { name: 'Migration20261207000000VisitTotals', class: Migration20261207000000VisitTotals },
];
