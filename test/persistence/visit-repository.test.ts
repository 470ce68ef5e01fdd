import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MikroOrmVisitRepository } from '../../adapters/persistence/mikro-orm-visit-repository.js';
import type { Visit } from '../../core/visits/visit.js';
import { openTestDatabase, type OpenTestDatabase } from './open-test-database.js';

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
  it('answers zeros before any visit', async () => {
    await expect(visits.statistics(DAY_ONE)).resolves.toEqual({
      totalVisits: 0,
      uniqueVisitors: 0,
      today: { visits: 0, uniqueVisitors: 0 },
    });
  });

  it('counts a returning visitor once overall and once per day', async () => {
    for (const v of [visit('a', DAY_ONE), visit('a', DAY_ONE), visit('b', DAY_ONE), visit('a', DAY_TWO)]) {
      await visits.record(v);
    }

    await expect(visits.statistics(DAY_ONE)).resolves.toEqual({
      totalVisits: 4,
      uniqueVisitors: 2,
      today: { visits: 3, uniqueVisitors: 2 },
    });
    await expect(visits.statistics(DAY_TWO)).resolves.toEqual({
      totalVisits: 4,
      uniqueVisitors: 2,
      today: { visits: 1, uniqueVisitors: 1 },
    });
  });

  it('keeps exact counts under 500 concurrent records from 7 visitors over two days', async () => {
    // Visitors v0–v2 come only on day two, v4–v6 only on day one, v3 on both.
    const planned = Array.from({ length: 500 }, (_, i) => {
      const n = i % 7;
      const day = n < 3 || (n === 3 && i % 2 === 0) ? DAY_TWO : DAY_ONE;
      return visit(`v${n}`, day);
    });
    const onDay = (day: string) => planned.filter((v) => v.day === day);
    expect(onDay(DAY_ONE)).toHaveLength(249);
    expect(onDay(DAY_TWO)).toHaveLength(251);

    // Each record in a context of its own, as concurrent requests would be.
    await Promise.all(planned.map((v) => visits.record(v)));

    await expect(visits.statistics(DAY_ONE)).resolves.toEqual({
      totalVisits: 500,
      uniqueVisitors: 7,
      today: { visits: 249, uniqueVisitors: 4 },
    });
    await expect(visits.statistics(DAY_TWO)).resolves.toEqual({
      totalVisits: 500,
      uniqueVisitors: 7,
      today: { visits: 251, uniqueVisitors: 4 },
    });
    await expect(visits.statistics('2025-05-03')).resolves.toMatchObject({
      today: { visits: 0, uniqueVisitors: 0 },
    });

    // Every visit is kept, each visitor and visitor-day exactly once.
    const counts = await db.database.em.execute<{ visits: string; visitors: string; visitor_days: string }>(
      `select (select count(*) from visit)::text as visits,
              (select count(*) from visitor)::text as visitors,
              (select count(*) from visitor_day)::text as visitor_days`,
      [],
      'get',
    );
    expect(counts).toEqual({ visits: '500', visitors: '7', visitor_days: '8' });
  });

  it('answers all-time totals over a year of counters, which the counters\' trigger keeps exact through every change', async () => {
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

  it('answers per-day visits and unique visitors from the counters, only for days in the range, oldest first', async () => {
    const DAY_THREE = '2025-05-03';
    for (const v of [visit('a', DAY_ONE), visit('a', DAY_ONE), visit('b', DAY_ONE), visit('a', DAY_TWO), visit('c', DAY_THREE)]) {
      await visits.record(v);
    }
    // The counters alone decide: a day whose visits were pruned keeps its figures.
    await db.database.em.execute('truncate visit');

    await expect(visits.dailyCounts('2025-04-01', DAY_TWO)).resolves.toEqual([
      { day: DAY_ONE, visits: 3, uniqueVisitors: 2 },
      { day: DAY_TWO, visits: 1, uniqueVisitors: 1 },
    ]);
    await expect(visits.dailyCounts('2025-06-01', '2025-06-30')).resolves.toEqual([]);
  });
});
