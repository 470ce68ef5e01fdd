import type { Pool } from 'pg';
import type { PreparedStatement, PreparedStatements } from './prepared-statements.js';

/** `?` placeholders numbered as `pg` wants them: `$1`, `$2`, … */
export function numberedPlaceholders(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

/**
 * Prepared statements on a PostgreSQL server through the `pg` pool that MikroORM opened: a query with a `name`
 * is parsed on a connection the first time that connection runs it, and executed from then on. The pool's
 * timeouts apply as to any other query (server-database.ts).
 */
export class PgPreparedStatements implements PreparedStatements {
  private readonly texts = new WeakMap<PreparedStatement, string>();

  constructor(private readonly pool: () => Promise<Pool>) {}

  async all<Row>(statement: PreparedStatement, params: readonly unknown[]): Promise<Row[]> {
    const pool = await this.pool();
    const result = await pool.query({ name: statement.name, text: this.textOf(statement), values: [...params] });
    return result.rows as Row[];
  }

  private textOf(statement: PreparedStatement): string {
    let text = this.texts.get(statement);
    if (text === undefined) {
      text = numberedPlaceholders(statement.sql);
      this.texts.set(statement, text);
    }
    return text;
  }
}
