import { inject, injectable } from 'inversify';
import type { Pet, Submission } from '../../core/forms/submission.js';
import type { SubmissionRepository } from '../../core/forms/submission-repository.js';
import type { PageQuery } from '../../core/shared/page.js';
import { SubmissionEntity } from './entities/submission-entity.js';
import { newestFirst } from './newest-first.js';
import { SQL_STATEMENTS, type SqlStatements } from './sql-statements.js';

@injectable()
export class MikroOrmSubmissionRepository implements SubmissionRepository {
  constructor(@inject(SQL_STATEMENTS) private readonly em: SqlStatements) {}

  async add(submission: Submission): Promise<void> {
    await this.em.insert(SubmissionEntity, { ...submission });
  }

  async list(query: PageQuery): Promise<Submission[]> {
    const rows = await newestFirst(this.em, SubmissionEntity, query);
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      favoriteColor: row.favoriteColor,
      pet: row.pet as Pet,
      createdAt: new Date(row.createdAt),
    }));
  }
}
