import type { FieldIssue } from '../shared/validation-error.js';
import type { PersonDetails } from './person.js';
import { PERSON_FIELDS, type PersonCandidate, withPersonDefaults } from './person-rules.js';

/**
 * Changes to a person as JSON Merge Patch (RFC 7396) states them: a field given replaces its value, a field left
 * out keeps it, and `null` removes it — after which it takes its default, or is reported as required.
 */
export type PersonChanges = { readonly [Field in keyof PersonDetails]?: PersonDetails[Field] | null };

const knownFields: ReadonlySet<string> = new Set(PERSON_FIELDS);

/**
 * The person that results from applying `changes` to `current`, as RFC 7396 merges an object whose members are
 * all plain values; the fields the changes touch (those alone are written, so that a concurrent change of
 * others is kept); and what in `changes` is not a person's field at all. The result is a candidate: the caller
 * checks it against the person rules like any other.
 */
export function applyPersonChanges(
  current: PersonDetails,
  changes: PersonChanges,
): {
  readonly candidate: PersonCandidate;
  readonly changedFields: readonly (keyof PersonDetails)[];
  readonly unknownFields: readonly FieldIssue[];
} {
  const merged: Record<string, unknown> = { ...current };
  const changedFields: (keyof PersonDetails)[] = [];
  const unknownFields: FieldIssue[] = [];
  for (const [field, value] of Object.entries(changes)) {
    if (!knownFields.has(field)) {
      // RFC 7396 would add the member; a person has no such field, so the result could never be valid.
      if (value !== null) unknownFields.push({ field, message: 'is not an accepted field' });
      continue;
    }
    if (value === undefined) continue;
    changedFields.push(field as keyof PersonDetails);
    if (value === null) delete merged[field];
    else merged[field] = value;
  }
  return { candidate: withPersonDefaults(merged), changedFields, unknownFields };
}
