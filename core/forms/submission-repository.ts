import type { PageQuery } from '../shared/page.js';
import type { Submission } from './submission.js';

/** Port: where form submissions are kept. */
export interface SubmissionRepository {
  add(submission: Submission): Promise<void>;
  /** Newest first, strictly after `query.after`, at most `query.limit` submissions. */
  list(query: PageQuery): Promise<Submission[]>;
}

export const SUBMISSION_REPOSITORY = Symbol.for('tally.SubmissionRepository');
