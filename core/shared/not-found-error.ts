import { DomainError } from './domain-error.js';

export class NotFoundError extends DomainError {
  readonly kind = 'not-found';

  constructor(
    readonly resource: string,
    readonly id: string,
  ) {
    super(`${resource} ${id} does not exist`);
    this.name = 'NotFoundError';
  }
}
