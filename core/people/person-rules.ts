import { requireOneOf, requireText } from '../shared/field-rules.js';
import type { FieldIssue } from '../shared/validation-error.js';
import { PASSENGER_CLASSES, type PersonDetails, SEXES } from './person.js';

/**
 * The contract's rules, exported so the HTTP schema states exactly what core enforces. The upper bounds are
 * ours: far above anything the Titanic file holds, they catch typos and keep counts inside an integer column.
 */
export const PERSON_RULES = {
  // Seed 004's limit, which its clients rely on; the longest name in the Titanic file has 82 characters.
  nameMaxLength: 100,
  // No control characters: PostgreSQL text cannot hold NUL, and a name has no use for the others.
  namePattern: '^[^\\x00-\\x1F\\x7F]*$',
  ageMax: 150,
  relativesAboardMax: 100,
  fareMax: 1_000_000,
} as const;

/** What the name pattern means, in the words every client (HTTP and CLI) is told when it is broken. */
export const NAME_PATTERN_MESSAGE = 'must not contain control characters';

const namePattern = new RegExp(PERSON_RULES.namePattern, 'u');

/** A person's values as a source could type them, before any rule is checked. */
export type PersonCandidate = { readonly [Field in keyof PersonDetails]?: unknown };

/** The value a field takes when a client leaves it out: seed 004 stored a person without `survived` as not having survived. */
export const PERSON_DEFAULTS = { survived: false } as const satisfies Partial<PersonDetails>;

type DefaultedField = keyof typeof PERSON_DEFAULTS;

/** What creating a person takes: every detail, those with a default optional. */
export type NewPerson = Omit<PersonDetails, DefaultedField> & Partial<Pick<PersonDetails, DefaultedField>>;

export const PERSON_FIELDS: readonly (keyof PersonDetails)[] = [
  'survived',
  'passengerClass',
  'name',
  'sex',
  'age',
  'siblingsOrSpousesAboard',
  'parentsOrChildrenAboard',
  'fare',
];

/** Each field's rule, given a value that is present. */
const FIELD_RULES: { readonly [Field in keyof PersonDetails]: (value: unknown) => FieldIssue | undefined } = {
  survived: (value) => (typeof value === 'boolean' ? undefined : { field: 'survived', message: 'must be true or false' }),
  passengerClass: (value) =>
    PASSENGER_CLASSES.includes(value as 1) ? undefined : { field: 'passengerClass', message: 'must be 1, 2 or 3' },
  name: checkName,
  sex: (value) =>
    typeof value === 'string' ? requireOneOf('sex', value, SEXES) : { field: 'sex', message: `must be one of ${SEXES.join(', ')}` },
  age: (value) => requireNumber('age', value, PERSON_RULES.ageMax, false),
  siblingsOrSpousesAboard: (value) =>
    requireNumber('siblingsOrSpousesAboard', value, PERSON_RULES.relativesAboardMax, true),
  parentsOrChildrenAboard: (value) =>
    requireNumber('parentsOrChildrenAboard', value, PERSON_RULES.relativesAboardMax, true),
  fare: (value) => requireNumber('fare', value, PERSON_RULES.fareMax, false),
};

/** The fields a client must always give: every field without a default. */
export const REQUIRED_PERSON_FIELDS = PERSON_FIELDS.filter((field) => !(field in PERSON_DEFAULTS));

/** The candidate with every field it leaves out set to its default. */
export function withPersonDefaults(candidate: PersonCandidate): PersonCandidate {
  const filled: Record<string, unknown> = { ...candidate };
  for (const [field, value] of Object.entries(PERSON_DEFAULTS)) {
    if (filled[field] === undefined) filled[field] = value;
  }
  return filled;
}

/**
 * Every broken rule of one candidate: missing fields first, then the rules of the present ones, in field
 * order. Types are checked too, not assumed: the CSV import hands over what it could read, and "20" must never
 * pass as a number however it arrived. A valid candidate costs one empty array, since an import checks
 * millions of them.
 */
export function checkPerson(candidate: PersonCandidate): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const field of PERSON_FIELDS) {
    if (candidate[field] === undefined) issues.push({ field, message: 'is required' });
  }
  for (const field of PERSON_FIELDS) {
    const value = candidate[field];
    const issue = value === undefined ? undefined : FIELD_RULES[field](value);
    if (issue !== undefined) issues.push(issue);
  }
  return issues;
}

/** The candidate as a person's details, once `checkPerson` found nothing wrong; the name is stored trimmed. */
export function toPersonDetails(candidate: PersonCandidate): PersonDetails {
  const details = candidate as PersonDetails;
  return {
    survived: details.survived,
    passengerClass: details.passengerClass,
    name: details.name.trim(),
    sex: details.sex,
    age: details.age,
    siblingsOrSpousesAboard: details.siblingsOrSpousesAboard,
    parentsOrChildrenAboard: details.parentsOrChildrenAboard,
    fare: details.fare,
  };
}

function checkName(value: unknown): FieldIssue | undefined {
  if (typeof value !== 'string') return { field: 'name', message: 'must be text' };
  if (!namePattern.test(value)) return { field: 'name', message: NAME_PATTERN_MESSAGE };
  return requireText('name', value, PERSON_RULES.nameMaxLength);
}

function requireNumber(field: string, value: unknown, max: number, integer: boolean): FieldIssue | undefined {
  const kind = integer ? 'a whole number' : 'a number';
  const valid = typeof value === 'number' && (integer ? Number.isInteger(value) : Number.isFinite(value));
  if (valid && value >= 0 && value <= max) return undefined;
  return { field, message: `must be ${kind} from 0 to ${max}` };
}
