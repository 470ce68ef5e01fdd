import type { Keyset } from '../../core/shared/page.js';

/**
 * The row comparison `(created_at, id) < (…)` lets PostgreSQL start the (created_at desc, id desc) index scan
 * right at the cursor, so every page costs the same however deep it is.
 */
export function afterKeyset(alias: string, keyset: Keyset): [string, unknown[]] {
  return [`(${alias}.created_at, ${alias}.id) < (?, ?)`, [keyset.createdAt, keyset.id]];
}
