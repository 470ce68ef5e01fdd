export const PETS = ['cats', 'dogs'] as const;
export type Pet = (typeof PETS)[number];

export interface Submission {
  readonly id: string;
  readonly name: string;
  readonly favoriteColor: string;
  readonly pet: Pet;
  readonly createdAt: Date;
}

/** The form's rules, exported so the HTTP schema and the HTML form state exactly what core enforces. */
export const SUBMISSION_RULES = {
  nameMaxLength: 100,
  favoriteColorMaxLength: 50,
} as const;
