import type { Submission } from '../../core/forms/submission.js';
import type { PreparedStatement, PreparedStatements } from './prepared-statements.js';

/** Many submissions in one statement, in arrival order, as one JSON parameter (see user-batch-insert.ts). */
const insertStatement: PreparedStatement = {
  name: 'tally_insert_submissions',
  sql: `
  insert into form_submission (id, name, favorite_color, pet, created_at)
  select (value->>'id')::uuid, value->>'name', value->>'favoriteColor', value->>'pet', (value->>'createdAt')::timestamptz
  from jsonb_array_elements(?::jsonb) with ordinality as row(value, ord)
  order by ord`,
};

/** Inserts `submissions` in one statement: all of them, or (when it throws) none. */
export async function insertSubmissions(statements: PreparedStatements, submissions: readonly Submission[]): Promise<undefined[]> {
  await statements.all(insertStatement, [JSON.stringify(submissions)]);
  return submissions.map(() => undefined);
}
