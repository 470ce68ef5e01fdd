/** Base of every error the use cases raise on purpose; adapters map each kind to a status or exit code. */
export abstract class DomainError extends Error {
  abstract readonly kind: 'validation' | 'conflict' | 'not-found' | 'unavailable';
}
