import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { MikroOrmSubmissionRepository } from '../../adapters/persistence/mikro-orm-submission-repository.js';
import type { Submission } from '../../core/forms/submission.js';
import { openTestDatabase, type OpenTestDatabase } from './open-test-database.js';

let db: OpenTestDatabase;
let submissions: MikroOrmSubmissionRepository;

beforeAll(async () => {
  db = await openTestDatabase();
  submissions = new MikroOrmSubmissionRepository(db.database.em, db.database.preparedStatements);
});

afterAll(async () => {
  await db?.close();
});

beforeEach(async () => {
  await db.database.em.execute('truncate form_submission');
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

/** The first add of a burst goes out alone, at once; the adds made while it is in flight go out together. */
function addTogether(...burst: Submission[]) {
  return Promise.allSettled(burst.map((each) => submissions.add(each)));
}

describe('MikroOrmSubmissionRepository coalescing concurrent submissions', () => {
  it('writes the submissions that queued behind a statement in one statement', async () => {
    const prepared = vi.spyOn(db.database.preparedStatements, 'all');
    const burst = [1, 2, 3, 4].map((n) => submission(n, `2025-04-03T10:00:0${n}.000Z`));
    const results = await addTogether(...burst);

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    // The lead went through MikroORM's insert; the three behind it through one multi-row prepared statement.
    expect(prepared.mock.calls.map(([statement, params]) => [statement.name, (JSON.parse(String(params[0])) as unknown[]).length])).toEqual([
      ['tally_insert_submissions', 3],
    ]);
    prepared.mockRestore();
    await expect(submissions.list({ limit: 10 })).resolves.toEqual([...burst].reverse());
  });

  it('fails only the bad row of a batch; its batch-mates are written', async () => {
    const bad = { ...submission(13, '2025-04-03T11:00:03.000Z'), pet: 'hamsters' } as unknown as Submission;
    const results = await addTogether(
      submission(11, '2025-04-03T11:00:01.000Z'),
      submission(12, '2025-04-03T11:00:02.000Z'),
      bad,
      submission(14, '2025-04-03T11:00:04.000Z'),
    );

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/form_submission_pet_check/);
    const stored = await submissions.list({ limit: 10 });
    expect(stored.map((each) => each.name)).toEqual(['Person 14', 'Person 12', 'Person 11']);
  });
});
