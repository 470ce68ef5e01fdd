import { expect, it } from 'vitest';
import { MikroOrmSubmissionRepository } from '../../adapters/persistence/mikro-orm-submission-repository.js';
import type { Submission } from '../../core/forms/submission.js';
import type { SubmissionRepository } from '../../core/forms/submission-repository.js';
import { InMemorySubmissionRepository } from '../fakes/in-memory-submission-repository.js';
import { describeRepositoryContract, minute, uuid } from './repository-contract.js';

const submission = (n: number, overrides: Partial<Submission> = {}): Submission => ({
  id: uuid(n),
  name: `Visitor ${n}`,
  favoriteColor: 'navy',
  pet: n % 2 === 0 ? 'dogs' : 'cats',
  createdAt: minute(n),
  ...overrides,
});

/** What every SubmissionRepository promises (core/forms/submission-repository.ts). */
describeRepositoryContract<SubmissionRepository>(
  'SubmissionRepository',
  { inMemory: () => new InMemorySubmissionRepository(), mikroOrm: (em, prepared) => new MikroOrmSubmissionRepository(em, prepared) },
  (repository) => {
    it('lists what was added, exactly as added, newest first, ties broken by id', async () => {
      const submissions = repository();
      const stored = [submission(1), submission(2), submission(3, { createdAt: minute(2) })];
      for (const each of stored) await submissions.add(each);

      await expect(submissions.list({ limit: 10 })).resolves.toEqual([stored[2], stored[1], stored[0]]);
    });

    it('pages strictly after the last one seen, at most the limit', async () => {
      const submissions = repository();
      for (const n of [1, 2, 3]) await submissions.add(submission(n));

      const first = await submissions.list({ limit: 2 });
      expect(first.map((each) => each.id)).toEqual([uuid(3), uuid(2)]);
      await expect(submissions.list({ limit: 2, after: { createdAt: minute(2), id: uuid(2) } })).resolves.toEqual([
        submission(1),
      ]);
    });
  },
);
