import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { ConflictError } from '../../core/shared/conflict-error.js';

/**
 * Translates a unique violation into the domain's ConflictError, naming the field from the constraint that
 * failed: the database, not a prior read, decides who wins a race for the same value.
 */
export function toConflict(error: unknown, fieldsByConstraint: Readonly<Record<string, string>>): unknown {
  if (!(error instanceof UniqueConstraintViolationException)) return error;
  const constraint = (error as { constraint?: string }).constraint ?? '';
  const field = fieldsByConstraint[constraint];
  if (field === undefined) return error;
  return new ConflictError(field, `${field} is already taken`);
}
