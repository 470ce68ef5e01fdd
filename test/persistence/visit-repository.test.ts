import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MikroOrmVisitRepository } from '../../adapters/persistence/mikro-orm-visit-repository.js';
import type { Visit } from '../../core/visits/visit.js';
import { openTestDatabase, type OpenTestDatabase } from './open-test-database.js';

// What the port promises (the counts) is its contract's, on every implementation:
// test/contracts/visit-repository.contract.test.ts. Here: how PostgreSQL keeps them.
let db: OpenTestDatabase;
let visits: MikroOrmVisitRepository;

beforeAll(async () => {
  db = await openTestDatabase();
  visits = new MikroOrmVisitRepository(db.database.em);
});

afterAll(async () => {
  await db?.close();
});

beforeEach(async () => {
  await db.database.em.execute('truncate visit, visitor, visitor_day, visit_counter');
});

const DAY_ONE = '2025-05-01';
const DAY_TWO = '2025-05-02';

function visit(visitorId: string, day: string): Visit {
  return { visitorId, day, visitedAt: new Date(`${day}T12:00:00.000Z`) };
}

describe('MikroOrmVisitRepository on PostgreSQL', () => {
  it('stores every visit, and each visitor and visitor-day exactly once, under 500 concurrent records', async () => {
    // Seven visitors, each on both days.
    await Promise.all(Array.from({ length: 500 }, (_, i) => visits.record(visit(`v${i % 7}`, i % 2 === 0 ? DAY_ONE : DAY_TWO))));

    const counts = await db.database.em.execute<{ visits: string; visitors: string; visitor_days: string }>(
      `select (select count(*) from visit)::text as visits,
              (select count(*) from visitor)::text as visitors,
              (select count(*) from visitor_day)::text as visitor_days`,
      [],
      'get',
    );
    expect(counts).toEqual({ visits: '500', visitors: '7', visitor_days: '14' });
  });

  it('answers per-day figures from the counters alone: a day whose visits were pruned keeps them', async () => {
    for (const v of [visit('a', DAY_ONE), visit('a', DAY_ONE), visit('b', DAY_ONE)]) await visits.record(v);
    await db.database.em.execute('truncate visit');

    await expect(visits.dailyCounts(DAY_ONE, DAY_ONE)).resolves.toEqual([{ day: DAY_ONE, visits: 3, uniqueVisitors: 2 }]);
  });
});
