import type { SqlEntityManager } from '@mikro-orm/postgresql';
import type { Submission } from '../../core/forms/submission.js';

/** What a batch needs of MikroORM: raw statements. */
type Statements = Pick<SqlEntityManager, 'execute'>;

/** Many submissions in one statement, in arrival order, as one JSON parameter (see user-batch-insert.ts). */
const insertSql = `
  insert into form_submission (id, name, favorite_color, pet, created_at)
  select (value->>'id')::uuid, value->>'name', value->>'favoriteColor', value->>'pet', (value->>'createdAt')::timestamptz
  from jsonb_array_elements(?::jsonb) with ordinality as row(value, ord)
  order by ord`;

/** Inserts `submissions` in one statement: all of them, or (when it throws) none. */
export async function insertSubmissions(em: Statements, submissions: readonly Submission[]): Promise<undefined[]> {
  await em.execute(insertSql, [JSON.stringify(submissions)], 'run');
  return submissions.map(() => undefined);
}
