import { PETS, SUBMISSION_RULES } from '../../../core/forms/submission.js';

export const submissionSchema = {
  $id: 'Submission',
  type: 'object',
  required: ['id', 'name', 'favoriteColor', 'pet', 'createdAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    favoriteColor: { type: 'string' },
    pet: { type: 'string', enum: [...PETS] },
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const submitFormBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'favoriteColor', 'pet'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: SUBMISSION_RULES.nameMaxLength },
    favoriteColor: { type: 'string', minLength: 1, maxLength: SUBMISSION_RULES.favoriteColorMaxLength },
    pet: { type: 'string', enum: [...PETS] },
  },
} as const;

export interface SubmitFormBody {
  name: string;
  favoriteColor: string;
  pet: string;
}
