import type { Clock } from '../shared/clock.js';
import { presentIssues, requireOneOf, requireText } from '../shared/field-rules.js';
import type { IdGenerator } from '../shared/id-generator.js';
import { ValidationError } from '../shared/validation-error.js';
import { PETS, type Pet, SUBMISSION_RULES, type Submission } from './submission.js';
import type { SubmissionRepository } from './submission-repository.js';

export interface SubmitFormInput {
  readonly name: string;
  readonly favoriteColor: string;
  readonly pet: string;
}

export class SubmitForm {
  constructor(
    private readonly submissions: SubmissionRepository,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async execute(input: SubmitFormInput): Promise<Submission> {
    const issues = presentIssues(
      requireText('name', input.name, SUBMISSION_RULES.nameMaxLength),
      requireText('favoriteColor', input.favoriteColor, SUBMISSION_RULES.favoriteColorMaxLength),
      requireOneOf('pet', input.pet, PETS),
    );
    if (issues.length > 0) throw new ValidationError(issues);
    const submission: Submission = {
      id: this.ids.next(),
      name: input.name.trim(),
      favoriteColor: input.favoriteColor.trim(),
      pet: input.pet as Pet,
      createdAt: this.clock.now(),
    };
    await this.submissions.add(submission);
    return submission;
  }
}
