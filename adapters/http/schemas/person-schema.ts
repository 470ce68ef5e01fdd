import { PASSENGER_CLASSES, SEXES } from '../../../core/people/person.js';
import { NAME_PATTERN_MESSAGE, PERSON_FIELDS, PERSON_RULES } from '../../../core/people/person-rules.js';

/** What a client sends to create or replace a person: every field, strictly typed, nothing else. */
export const personBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: [...PERSON_FIELDS],
  properties: {
    survived: { type: 'boolean' },
    passengerClass: { type: 'integer', enum: [...PASSENGER_CLASSES] },
    name: {
      type: 'string',
      minLength: 1,
      maxLength: PERSON_RULES.nameMaxLength,
      pattern: PERSON_RULES.namePattern,
      description: NAME_PATTERN_MESSAGE,
    },
    sex: { type: 'string', enum: [...SEXES] },
    age: { type: 'number', minimum: 0, maximum: PERSON_RULES.ageMax },
    siblingsOrSpousesAboard: { type: 'integer', minimum: 0, maximum: PERSON_RULES.relativesAboardMax },
    parentsOrChildrenAboard: { type: 'integer', minimum: 0, maximum: PERSON_RULES.relativesAboardMax },
    fare: { type: 'number', minimum: 0, maximum: PERSON_RULES.fareMax },
  },
} as const;

export const personSchema = {
  $id: 'Person',
  type: 'object',
  required: ['id', ...personBodySchema.required, 'createdAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    ...personBodySchema.properties,
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;

export interface PersonBody {
  survived: boolean;
  passengerClass: 1 | 2 | 3;
  name: string;
  sex: 'male' | 'female' | 'other';
  age: number;
  siblingsOrSpousesAboard: number;
  parentsOrChildrenAboard: number;
  fare: number;
}
