import { DomainError } from './domain-error.js';

export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

/** The input broke one or more rules; every broken rule is listed so a client can fix all at once. */
export class ValidationError extends DomainError {
  readonly kind = 'validation';

  constructor(readonly issues: readonly FieldIssue[]) {
    super(issues.map((issue) => `${issue.field}: ${issue.message}`).join('; '));
    this.name = 'ValidationError';
  }
}
