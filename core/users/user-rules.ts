import type { FieldIssue } from '../shared/validation-error.js';

/** The public contract's rules, exported so the HTTP schema states exactly what core enforces. */
export const USERNAME_RULES = {
  minLength: 3,
  maxLength: 32,
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$',
} as const;

export const EMAIL_RULES = {
  maxLength: 254,
  // The WHATWG form-validation grammar, with a dot required in the domain: what browsers accept in
  // <input type=email>, minus bare host names that no mail reaches.
  pattern:
    "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$",
} as const;

/** What the patterns mean, in the words every client (HTTP and CLI) is told when one is broken. */
export const USERNAME_PATTERN_MESSAGE = 'may contain only letters, digits, "_", "." and "-", and must start with a letter or digit';
export const EMAIL_PATTERN_MESSAGE = 'must be a valid email address';

const usernamePattern = new RegExp(USERNAME_RULES.pattern);
const emailPattern = new RegExp(EMAIL_RULES.pattern);

export function checkUsername(username: string): FieldIssue | undefined {
  const { minLength, maxLength } = USERNAME_RULES;
  if (username.length < minLength || username.length > maxLength) {
    return { field: 'username', message: `must be ${minLength} to ${maxLength} characters long` };
  }
  if (!usernamePattern.test(username)) {
    return { field: 'username', message: USERNAME_PATTERN_MESSAGE };
  }
  return undefined;
}

export function checkEmail(email: string): FieldIssue | undefined {
  if (email.length > EMAIL_RULES.maxLength) {
    return { field: 'email', message: `must be at most ${EMAIL_RULES.maxLength} characters` };
  }
  if (!emailPattern.test(email)) return { field: 'email', message: EMAIL_PATTERN_MESSAGE };
  return undefined;
}
