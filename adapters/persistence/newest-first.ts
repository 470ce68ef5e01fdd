import type { EntityMetadata, EntityName } from '@mikro-orm/core';
import type { PageQuery } from '../../core/shared/page.js';
import { sharedReads } from './shared-reads.js';
import type { SqlStatements } from './sql-statements.js';

interface Listed {
  id: string;
  createdAt: Date;
}

/** The two statements of one entity's listing, written once from its metadata. */
interface ListingSql {
  readonly first: string;
  readonly after: string;
}

const listingSqlByEntity = new WeakMap<EntityMetadata, ListingSql>();

/**
 * Every column, named by its property (`created_at as "createdAt"`), so rows come back keyed as the entity's
 * properties without MikroORM mapping each one; the entity's metadata stays the one list of columns.
 */
function listingSql(meta: EntityMetadata): ListingSql {
  const column = (property: string) => `"${meta.properties[property]!.fieldNames[0]}"`;
  const columns = meta.props.map((prop) => `${column(prop.name)} as "${prop.name}"`).join(', ');
  const select = `select ${columns} from "${meta.tableName}"`;
  const order = `order by ${column('createdAt')} desc, ${column('id')} desc limit ?`;
  return { first: `${select} ${order}`, after: `${select} where (${column('createdAt')}, ${column('id')}) < (?, ?) ${order}` };
}

/**
 * One page of rows in (created_at desc, id desc) order, strictly after the cursor's row, as plain rows keyed by
 * property name. The row comparison `(created_at, id) < (…)` lets PostgreSQL start the matching index scan right
 * at the cursor, so every page costs the same however deep it is. Plain SQL written once per entity: building it
 * with the query builder on every request cost more CPU than the rest of a listing's work in tally.
 */
function newestFirst<Entity extends Listed>(
  em: SqlStatements,
  entity: EntityName<Entity>,
  query: PageQuery,
): Promise<Entity[]> {
  const meta = em.getMetadata(entity) as EntityMetadata;
  let sql = listingSqlByEntity.get(meta);
  if (sql === undefined) {
    sql = listingSql(meta);
    listingSqlByEntity.set(meta, sql);
  }
  if (query.after === undefined) return em.execute<Entity[]>(sql.first, [query.limit], 'all');
  return em.execute<Entity[]>(sql.after, [query.after.createdAt, query.after.id, query.limit], 'all');
}

/** Queries with the same limit and cursor read the same page. */
const pageKey = (query: PageQuery) => `${query.limit} ${query.after?.createdAt.toISOString() ?? ''} ${query.after?.id ?? ''}`;

/**
 * An entity's listing as a repository answers it: pages of `toItem(row)`, newest first. Concurrent requests for
 * the same page are answered by one statement (shared-reads.ts): under load nearly every request asks for the
 * first page.
 */
export function newestFirstPages<Entity extends Listed, Item extends object>(
  em: SqlStatements,
  entity: EntityName<Entity>,
  toItem: (row: Entity) => Item,
): (query: PageQuery) => Promise<Item[]> {
  const pages = sharedReads(async (query: PageQuery) => (await newestFirst(em, entity, query)).map(toItem), pageKey);
  return (query) => pages.run(query);
}
