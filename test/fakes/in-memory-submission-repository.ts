import type { Submission } from '../../core/forms/submission.js';
import type { SubmissionRepository } from '../../core/forms/submission-repository.js';
import type { PageQuery } from '../../core/shared/page.js';
import { newestFirst } from './newest-first.js';

export class InMemorySubmissionRepository implements SubmissionRepository {
  private readonly submissions: Submission[] = [];

  async add(submission: Submission): Promise<void> {
    this.submissions.push(submission);
  }

  async list(query: PageQuery): Promise<Submission[]> {
    return newestFirst(this.submissions, query);
  }

  /** How many submissions are stored, for asserting that a rejected input wrote nothing. */
  get size(): number {
    return this.submissions.length;
  }
}
