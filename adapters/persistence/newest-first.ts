import type { EntityName } from '@mikro-orm/core';
import type { PageQuery } from '../../core/shared/page.js';
import type { SqlStatements } from './sql-statements.js';

interface Listed {
  id: string;
  createdAt: Date;
}

/**
 * One page of rows in (created_at desc, id desc) order, strictly after the cursor's row, as plain rows keyed by
 * property name. The row comparison `(created_at, id) < (…)` lets PostgreSQL start the matching index scan right
 * at the cursor, so every page costs the same however deep it is.
 */
export function newestFirst<Entity extends Listed>(
  em: SqlStatements,
  entity: EntityName<Entity>,
  query: PageQuery,
): Promise<Entity[]> {
  const qb = em.createQueryBuilder(entity, 'e');
  if (query.after) qb.where('(e.created_at, e.id) < (?, ?)', [query.after.createdAt, query.after.id]);
  return qb.orderBy({ createdAt: 'desc', id: 'desc' } as never).limit(query.limit).execute('all', true);
}
