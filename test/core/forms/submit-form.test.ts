import { beforeEach, describe, expect, it } from 'vitest';
import { SubmitForm, type SubmitFormInput } from '../../../core/forms/submit-form.js';
import { ValidationError } from '../../../core/shared/validation-error.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { InMemorySubmissionRepository } from '../../fakes/in-memory-submission-repository.js';
import { SequentialIdGenerator } from '../../fakes/sequential-id-generator.js';

const valid: SubmitFormInput = { name: 'Ada', favoriteColor: 'teal', pet: 'cats' };

describe('SubmitForm', () => {
  let submissions: InMemorySubmissionRepository;
  let submitForm: SubmitForm;

  beforeEach(() => {
    submissions = new InMemorySubmissionRepository();
    submitForm = new SubmitForm(submissions, new SequentialIdGenerator(), new FixedClock('2025-03-01T10:00:00.000Z'));
  });

  async function rejection(input: SubmitFormInput): Promise<ValidationError> {
    const error: unknown = await submitForm.execute(input).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }

  describe('a valid submission', () => {
    it('stores and returns the submission with a new id and the current time', async () => {
      const submission = await submitForm.execute(valid);

      expect(submission).toEqual({
        id: SequentialIdGenerator.idFor(1),
        name: 'Ada',
        favoriteColor: 'teal',
        pet: 'cats',
        createdAt: new Date('2025-03-01T10:00:00.000Z'),
      });
      expect(await submissions.list({ limit: 10 })).toEqual([submission]);
    });

    it.each(['cats', 'dogs'])('accepts %s as the pet', async (pet) => {
      expect((await submitForm.execute({ ...valid, pet })).pet).toBe(pet);
    });

    it('trims spaces around the name and the favourite colour', async () => {
      const submission = await submitForm.execute({
        ...valid,
        name: '  Ada Lovelace \n',
        favoriteColor: '\tdeep teal ',
      });

      expect(submission).toMatchObject({ name: 'Ada Lovelace', favoriteColor: 'deep teal' });
    });

    it('keeps any text, accents and case inside the name and the colour', async () => {
      const name = 'Zoë O’Brien-Núñez';
      const submission = await submitForm.execute({ ...valid, name, favoriteColor: 'Bleu de France' });

      expect(submission).toMatchObject({ name, favoriteColor: 'Bleu de France' });
    });

    it('accepts a name of 100 characters and a colour of 50, the longest allowed', async () => {
      const submission = await submitForm.execute({ ...valid, name: 'n'.repeat(100), favoriteColor: 'c'.repeat(50) });

      expect(submission.name).toHaveLength(100);
      expect(submission.favoriteColor).toHaveLength(50);
    });
  });

  describe('rejected input', () => {
    it.each([
      ['an empty name', { name: '' }, { field: 'name', message: 'must not be empty' }],
      ['a name of spaces only', { name: '   ' }, { field: 'name', message: 'must not be empty' }],
      [
        'a name of 101 characters',
        { name: 'n'.repeat(101) },
        { field: 'name', message: 'must be at most 100 characters' },
      ],
      ['an empty colour', { favoriteColor: '' }, { field: 'favoriteColor', message: 'must not be empty' }],
      [
        'a colour of 51 characters',
        { favoriteColor: 'c'.repeat(51) },
        { field: 'favoriteColor', message: 'must be at most 50 characters' },
      ],
      ['a pet other than cats or dogs', { pet: 'fish' }, { field: 'pet', message: 'must be one of cats, dogs' }],
      ['a pet in capitals', { pet: 'Cats' }, { field: 'pet', message: 'must be one of cats, dogs' }],
      ['the singular of a pet', { pet: 'cat' }, { field: 'pet', message: 'must be one of cats, dogs' }],
      ['an empty pet', { pet: '' }, { field: 'pet', message: 'must be one of cats, dogs' }],
    ])('rejects %s', async (_case, change, issue) => {
      const error = await rejection({ ...valid, ...change });

      expect(error.issues).toEqual([issue]);
    });

    it('reports every broken rule together, in the order of the form', async () => {
      const error = await rejection({ name: ' ', favoriteColor: 'c'.repeat(51), pet: 'birds' });

      expect(error.issues).toEqual([
        { field: 'name', message: 'must not be empty' },
        { field: 'favoriteColor', message: 'must be at most 50 characters' },
        { field: 'pet', message: 'must be one of cats, dogs' },
      ]);
    });

    it('writes nothing', async () => {
      await rejection({ ...valid, pet: 'fish' });
      await rejection({ ...valid, name: '' });

      expect(submissions.size).toBe(0);
    });
  });
});
