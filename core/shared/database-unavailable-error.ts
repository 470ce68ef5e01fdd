import { DomainError } from './domain-error.js';

/**
 * The database cannot be reached or did not answer in time. Persistence raises it for every such driver failure
 * (refused or reset connections, timeouts, the server shutting down), so callers see one kind of failure that
 * is worth retrying later, never the driver's own error. The message never names the server or its credentials.
 */
export class DatabaseUnavailableError extends DomainError {
  readonly kind = 'unavailable';

  constructor(readonly reason: string) {
    super(`the database is unavailable: ${reason}`);
    this.name = 'DatabaseUnavailableError';
  }
}
