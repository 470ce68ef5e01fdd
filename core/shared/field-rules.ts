import type { FieldIssue } from './validation-error.js';

/**
 * Small checks shared by every feature's input rules. Each returns an issue or nothing, so a use case can
 * collect all broken rules before it rejects the input.
 */
/** Judges the text as it will be stored: without surrounding white space. */
export function requireText(field: string, value: string, maxLength: number): FieldIssue | undefined {
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
