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

/** The HTML form's fields: the API's, plus the CSRF token that proves the form came from this site. */
export const submitFormFieldsSchema = {
  ...submitFormBodySchema,
  required: [...submitFormBodySchema.required, '_csrf'],
  properties: {
    ...submitFormBodySchema.properties,
    _csrf: { type: 'string', description: 'The token the form page carries in a hidden field' },
  },
} as const;
