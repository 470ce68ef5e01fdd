import type { Page } from '../shared/page.js';
import { fetchPage, type PageRequest } from '../shared/pagination.js';
import type { Submission } from './submission.js';
import type { SubmissionRepository } from './submission-repository.js';

export class ListSubmissions {
  constructor(private readonly submissions: SubmissionRepository) {}

  execute(request: PageRequest): Promise<Page<Submission>> {
    return fetchPage(request, (query) => this.submissions.list(query));
  }
}
