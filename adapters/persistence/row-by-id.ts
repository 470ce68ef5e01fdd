import type { EntityName } from '@mikro-orm/core';
import type { SqlStatements } from './sql-statements.js';
import { isUuid } from './uuid-format.js';

/** The row with this id as plain properties, or undefined; an id that is not a UUID names no row. */
export async function rowById<Entity extends object>(
  em: SqlStatements,
  entity: EntityName<Entity>,
  id: string,
): Promise<Entity | undefined> {
  if (!isUuid(id)) return undefined;
  const row: Entity | undefined = await em.createQueryBuilder(entity, 'e').where({ id } as never).execute('get', true);
  return row ?? undefined;
}
