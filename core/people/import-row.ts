import type { FieldIssue } from '../shared/validation-error.js';
import type { PersonCandidate } from './person-rules.js';

/** One row of a source file, typed as far as the source could read it. */
export interface ImportRow {
  readonly line: number;
  /** Absent when the source could not read the line as a row at all (its `issues` then say why). */
  readonly values?: PersonCandidate;
  /** What the source already found wrong on this line (text where a number belongs, a missing column). */
  readonly issues?: readonly FieldIssue[];
}
