import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MikroOrmSubmissionRepository } from '../../adapters/persistence/mikro-orm-submission-repository.js';
import type { Submission } from '../../core/forms/submission.js';
import { openTestDatabase, type OpenTestDatabase } from './open-test-database.js';

let db: OpenTestDatabase;
let submissions: MikroOrmSubmissionRepository;

beforeAll(async () => {
  db = await openTestDatabase();
  submissions = new MikroOrmSubmissionRepository(db.database.em);
});

afterAll(async () => {
  await db?.close();
});

function submission(n: number, createdAt: string, overrides: Partial<Submission> = {}): Submission {
  return {
    id: `0190b000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`,
    name: `Person ${n}`,
    favoriteColor: 'teal',
    pet: n % 2 === 0 ? 'cats' : 'dogs',
    createdAt: new Date(createdAt),
    ...overrides,
  };
}

describe('MikroOrmSubmissionRepository on PostgreSQL', () => {
  it('stores submissions and lists them newest first, ids breaking ties, in keyset pages', async () => {
    const stored = [
      submission(1, '2025-04-01T10:00:00.000Z'),
      submission(2, '2025-04-01T12:00:00.000Z'),
      submission(3, '2025-04-01T12:00:00.000Z'),
      submission(4, '2025-04-01T11:00:00.000Z', { name: 'Zoë "quoted" <b>', favoriteColor: 'bleu ciel' }),
    ];
    for (const s of stored) await submissions.add(s);

    const first = await submissions.list({ limit: 2 });
    expect(first).toEqual([stored[2], stored[1]]);

    const last = first[1] as Submission;
    const second = await submissions.list({ limit: 2, after: { createdAt: last.createdAt, id: last.id } });
    expect(second).toEqual([stored[3], stored[0]]);

    const after = second[1] as Submission;
    await expect(
      submissions.list({ limit: 2, after: { createdAt: after.createdAt, id: after.id } }),
    ).resolves.toEqual([]);
  });

  it('refuses a pet other than cats or dogs at the database too', async () => {
    const bad = { ...submission(99, '2025-04-02T10:00:00.000Z'), pet: 'hamsters' } as unknown as Submission;
    await expect(submissions.add(bad)).rejects.toThrow(/form_submission_pet_check/);
  });
});
