import { ConflictError } from '../../core/shared/conflict-error.js';
import type { User } from '../../core/users/user.js';
import type { PreparedStatement, PreparedStatements } from './prepared-statements.js';

/**
 * Many users in one statement. The rows travel as one JSON parameter (one bind value, whatever the batch size,
 * on pg and PGlite alike) and are inserted in arrival order; `on conflict do nothing` skips a row that clashes
 * with any unique index — a stored user, or an earlier row of the same batch — so a batch never fails as a whole
 * for one taken name, and `returning` tells which rows went in.
 */
const insertStatement: PreparedStatement = {
  name: 'tally_insert_users',
  sql: `
  with input as (
    select (value->>'id')::uuid as id, value->>'username' as username, value->>'email' as email,
           (value->>'createdAt')::timestamptz as created_at, ord
    from jsonb_array_elements(?::jsonb) with ordinality as row(value, ord)
  )
  insert into user_account (id, username, email, created_at)
  select id, username, email, created_at from input order by ord
  on conflict do nothing
  returning id`,
};

/**
 * Which of the refused rows' values are taken, read after the insert: a clashing row that was still being
 * written by another transaction had to commit before the insert could skip it, so this later statement sees it.
 */
const takenStatement: PreparedStatement = {
  name: 'tally_taken_user_names',
  sql: `
  select
    coalesce((select jsonb_agg(username) from user_account
              where username in (select jsonb_array_elements_text(?::jsonb))), '[]') as usernames,
    coalesce((select jsonb_agg(lower(email)) from user_account
              where lower(email) in (select lower(jsonb_array_elements_text(?::jsonb)))), '[]') as emails`,
};

/** `undefined` for a user that was written, or why it was not. */
export type InsertOutcome = Error | undefined;

function conflictOn(field: 'username' | 'email'): ConflictError {
  return new ConflictError(field, `${field} is already taken`);
}

/** Inserts `users` in one statement and answers each one's outcome, in order. */
export async function insertUsers(statements: PreparedStatements, users: readonly User[]): Promise<InsertOutcome[]> {
  const rows = await statements.all<{ id: string }>(insertStatement, [JSON.stringify(users)]);
  const inserted = new Set(rows.map((row) => row.id));
  const refused = users.filter((user) => !inserted.has(user.id));
  if (refused.length === 0) return users.map(() => undefined);

  const [taken] = await statements.all<{ usernames: string[]; emails: string[] }>(takenStatement, [
    JSON.stringify(refused.map((user) => user.username)),
    JSON.stringify(refused.map((user) => user.email)),
  ]);
  const usernames = new Set(taken?.usernames);
  const emails = new Set(taken?.emails);
  return users.map((user) => {
    if (inserted.has(user.id)) return undefined;
    // Both may be taken; the username is named first, as a single insert's first unique index would.
    if (usernames.has(user.username)) return conflictOn('username');
    if (emails.has(user.email.toLowerCase())) return conflictOn('email');
    return new Error(`user ${user.id} was neither inserted nor in conflict with a stored user`);
  });
}
