import type { FieldIssue } from './validation-error.js';

/**
 * Small checks shared by every feature's input rules. Each returns an issue or nothing, so a use case can
 * collect all broken rules before it rejects the input.
 */
/** Judges the text as it will be stored: without surrounding white space, and storable at all. */
export function requireText(field: string, value: string, maxLength: number): FieldIssue | undefined {
  const unstorable = rejectUnstorableText(field, value);
  if (unstorable) return unstorable;
  const text = value.trim();
  if (text.length === 0) return { field, message: 'must not be empty' };
  if (text.length > maxLength) return { field, message: `must be at most ${maxLength} characters` };
  return undefined;
}

export function requireOneOf(field: string, value: string, allowed: readonly string[]): FieldIssue | undefined {
  if (allowed.includes(value)) return undefined;
  return { field, message: `must be one of ${allowed.join(', ')}` };
}

export function presentIssues(...issues: (FieldIssue | undefined)[]): FieldIssue[] {
  return issues.filter((issue): issue is FieldIssue => issue !== undefined);
}

/**
 * The rule every text field obeys, whatever else it allows: PostgreSQL text cannot hold NUL (the insert fails),
 * and a lone UTF-16 surrogate half would be stored silently replaced by U+FFFD, so the client's text is refused
 * rather than stored as something else.
 */
function rejectUnstorableText(field: string, value: string): FieldIssue | undefined {
  if (value.includes('\0')) return { field, message: 'must not contain the NUL character (U+0000)' };
  if (!value.isWellFormed()) return { field, message: 'must be valid Unicode text: it holds a lone surrogate half' };
  return undefined;
}
