import { inject, injectable } from 'inversify';
import type { Pet, Submission } from '../../core/forms/submission.js';
import type { SubmissionRepository } from '../../core/forms/submission-repository.js';
import type { PageQuery } from '../../core/shared/page.js';
import { SubmissionEntity } from './entities/submission-entity.js';
import { newestFirstPages } from './newest-first.js';
import { PREPARED_STATEMENTS, type PreparedStatements } from './prepared-statements.js';
import { SQL_STATEMENTS, type SqlStatements } from './sql-statements.js';
import { StatementCoalescer } from './statement-coalescer.js';
import { insertSubmissions } from './submission-batch-insert.js';

/**
 * Submissions that arrive together are written together (see StatementCoalescer): one statement for the batch;
 * requests for the same page are answered together (shared-reads.ts). A batch holds other requests'
 * submissions, so `add` and `list` must never be called inside a transaction, whose connection the batch would
 * then share; no use case does.
 */
@injectable()
export class MikroOrmSubmissionRepository implements SubmissionRepository {
  private readonly inserts: StatementCoalescer<Submission, undefined>;
  private readonly pages: (query: PageQuery) => Promise<Submission[]>;

  constructor(
    @inject(SQL_STATEMENTS) private readonly em: SqlStatements,
    @inject(PREPARED_STATEMENTS) prepared: PreparedStatements,
  ) {
    this.inserts = new StatementCoalescer({
      many: (submissions) => insertSubmissions(prepared, submissions),
      one: async (submission) => {
        await this.em.insert(SubmissionEntity, { ...submission });
        return undefined;
      },
    });
    this.pages = newestFirstPages(this.em, SubmissionEntity, (row) => ({
      id: row.id,
      name: row.name,
      favoriteColor: row.favoriteColor,
      pet: row.pet as Pet,
      createdAt: new Date(row.createdAt),
    }));
  }

  async add(submission: Submission): Promise<void> {
    await this.inserts.run(submission);
  }

  list(query: PageQuery): Promise<Submission[]> {
    return this.pages(query);
  }
}
