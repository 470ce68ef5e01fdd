import { EMAIL_PATTERN_MESSAGE, EMAIL_RULES, USERNAME_PATTERN_MESSAGE, USERNAME_RULES } from '../../../core/users/user-rules.js';

export const userSchema = {
  $id: 'User',
  type: 'object',
  required: ['id', 'username', 'email', 'createdAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    username: { type: 'string' },
    email: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const registerUserBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'email'],
  properties: {
    // A broken pattern is told in the description's words, core's own (validation-issues.ts).
    username: { type: 'string', ...USERNAME_RULES, description: USERNAME_PATTERN_MESSAGE },
    email: { type: 'string', maxLength: EMAIL_RULES.maxLength, pattern: EMAIL_RULES.pattern, description: EMAIL_PATTERN_MESSAGE },
  },
} as const;

export interface RegisterUserBody {
  username: string;
  email: string;
}
