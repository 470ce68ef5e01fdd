import { EMAIL_RULES, USERNAME_RULES } from '../../../core/users/user-rules.js';

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
    username: { type: 'string', ...USERNAME_RULES },
    email: { type: 'string', maxLength: EMAIL_RULES.maxLength, pattern: EMAIL_RULES.pattern },
  },
} as const;

export interface RegisterUserBody {
  username: string;
  email: string;
}
