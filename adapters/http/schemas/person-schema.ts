import { PASSENGER_CLASSES, SEXES } from '../../../core/people/person.js';
import { NAME_PATTERN_MESSAGE, PERSON_DEFAULTS, PERSON_RULES, REQUIRED_PERSON_FIELDS } from '../../../core/people/person-rules.js';

/** Each field of a person as a client states it, strictly typed: "20" is not a number. */
const personFields = {
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
} as const;

type FieldSchema = (typeof personFields)[keyof typeof personFields];

/** What a client sends to create a person: every field but those with a default (which the schema states). */
export const personBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: [...REQUIRED_PERSON_FIELDS],
  properties: { ...personFields, survived: { ...personFields.survived, default: PERSON_DEFAULTS.survived } },
} as const;

/**
 * `PUT /people/{id}` as seed 004's clients send it: the fields that change; those left out keep their value.
 * No defaults here: a field left out must not be reset.
 */
export const personReplacementSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'Any subset of the fields; the ones left out keep their stored value.',
  properties: personFields,
} as const;

/** A field's schema that also takes `null`, which in a merge patch removes the value (back to its default). */
function nullable(schema: FieldSchema) {
  return {
    ...schema,
    type: [schema.type, 'null'],
    ...('enum' in schema ? { enum: [...schema.enum, null] } : {}),
  };
}

/** `PATCH /people/{id}`: a JSON Merge Patch (RFC 7396) of a person. */
export const personMergePatchSchema = {
  type: 'object',
  additionalProperties: false,
  description:
    'JSON Merge Patch (RFC 7396): a field given replaces the value, a field left out keeps it, null resets survived to false (other fields are required).',
  properties: Object.fromEntries(Object.entries(personFields).map(([field, schema]) => [field, nullable(schema)])),
} as const;

export const personSchema = {
  $id: 'Person',
  type: 'object',
  required: ['id', ...Object.keys(personFields), 'createdAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    ...personFields,
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;
