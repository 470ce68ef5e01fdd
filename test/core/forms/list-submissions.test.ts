import { beforeEach, describe, expect, it } from 'vitest';
import { ListSubmissions } from '../../../core/forms/list-submissions.js';
import { SubmitForm } from '../../../core/forms/submit-form.js';
import { ValidationError } from '../../../core/shared/validation-error.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { InMemorySubmissionRepository } from '../../fakes/in-memory-submission-repository.js';
import { SequentialIdGenerator } from '../../fakes/sequential-id-generator.js';

describe('ListSubmissions', () => {
  let clock: FixedClock;
  let submitForm: SubmitForm;
  let listSubmissions: ListSubmissions;

  beforeEach(() => {
    const submissions = new InMemorySubmissionRepository();
    clock = new FixedClock('2025-03-01T10:00:00.000Z');
    submitForm = new SubmitForm(submissions, new SequentialIdGenerator(), clock);
    listSubmissions = new ListSubmissions(submissions);
  });

  async function submit(...names: string[]): Promise<void> {
    for (const name of names) {
      await submitForm.execute({ name, favoriteColor: 'teal', pet: 'dogs' });
      clock.advance(1000);
    }
  }

  it('answers an empty page without a cursor when nothing was submitted', async () => {
    expect(await listSubmissions.execute({})).toEqual({ items: [] });
  });

  it('lists submissions newest first', async () => {
    await submit('first', 'second', 'third');

    const page = await listSubmissions.execute({});

    expect(page.items.map((submission) => submission.name)).toEqual(['third', 'second', 'first']);
    expect(page.nextCursor).toBeUndefined();
  });

  it('pages through every submission exactly once', async () => {
    await submit('a', 'b', 'c', 'd', 'e');

    const first = await listSubmissions.execute({ limit: 2 });
    const second = await listSubmissions.execute({ limit: 2, cursor: first.nextCursor });
    const third = await listSubmissions.execute({ limit: 2, cursor: second.nextCursor });

    expect([first, second, third].flatMap((page) => page.items.map((submission) => submission.name))).toEqual([
      'e',
      'd',
      'c',
      'b',
      'a',
    ]);
    expect(third.nextCursor).toBeUndefined();
  });

  it('rejects a limit outside 1 to 500 with a ValidationError naming the limit', async () => {
    const error: unknown = await listSubmissions.execute({ limit: 0 }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.field)).toEqual(['limit']);
  });
});
