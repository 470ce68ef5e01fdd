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

  it('answers all-time totals over a year of counters, which the counters\' triggers keep exact through every change', async () => {
    // 365 days of 16 shards, as the scale benchmark seeds them: the totals are kept, not summed per read.
    await db.database.em.execute(`
      insert into visit_counter (day, shard, visits, unique_visitors, new_visitors)
      select date '2024-05-01' + d, s, 10 + s, 5, 2 from generate_series(0, 364) d, generate_series(0, 15) s`);
    await visits.record(visit('a', DAY_ONE));
    await expect(visits.statistics(DAY_ONE)).resolves.toEqual({
      totalVisits: 365 * (16 * 10 + 120) + 1,
      uniqueVisitors: 365 * 16 * 2 + 1,
      today: { visits: 1, uniqueVisitors: 1 },
    });

    await db.database.em.execute(`update visit_counter set visits = visits + 1 where day = date '2024-05-01'`);
    await db.database.em.execute(`delete from visit_counter where day = date '2024-05-02'`);
    await expect(visits.statistics(DAY_ONE)).resolves.toMatchObject({
      totalVisits: 364 * (16 * 10 + 120) + 16 + 1,
      uniqueVisitors: 364 * 16 * 2 + 1,
    });

    await db.database.em.execute('truncate visit_counter');
    await expect(visits.statistics(DAY_ONE)).resolves.toEqual({ totalVisits: 0, uniqueVisitors: 0, today: { visits: 0, uniqueVisitors: 0 } });
  });

  it('answers per-day figures from the counters alone: a day whose visits were pruned keeps them', async () => {
    for (const v of [visit('a', DAY_ONE), visit('a', DAY_ONE), visit('b', DAY_ONE)]) await visits.record(v);
    await db.database.em.execute('truncate visit');

    await expect(visits.dailyCounts(DAY_ONE, DAY_ONE)).resolves.toEqual([{ day: DAY_ONE, visits: 3, uniqueVisitors: 2 }]);
  });
});
