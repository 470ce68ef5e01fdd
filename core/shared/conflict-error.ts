import { DomainError } from './domain-error.js';

/** A uniqueness rule would be broken; `field` names which value is already taken. */
export class ConflictError extends DomainError {
  readonly kind = 'conflict';

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}
