import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { MikroOrmVisitRepository } from '../../adapters/persistence/mikro-orm-visit-repository.js';
import type { Visit } from '../../core/visits/visit.js';
import { openTestDatabase, type OpenTestDatabase } from './open-test-database.js';

// What the port promises (the counts) is its contract's, on every implementation:
// test/contracts/visit-repository.contract.test.ts. Here: how PostgreSQL keeps them.
let db: OpenTestDatabase;
let visits: MikroOrmVisitRepository;

beforeAll(async () => {
  db = await openTestDatabase();
  visits = new MikroOrmVisitRepository(db.database.em, db.database.preparedStatements);
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

/** How many visits, visitors and visitor-days are stored: what the counters must agree with. */
async function storedRows() {
  return db.database.em.execute<{ visits: string; visitors: string; visitor_days: string }>(
    `select (select count(*) from visit)::text as visits,
            (select count(*) from visitor)::text as visitors,
            (select count(*) from visitor_day)::text as visitor_days`,
    [],
    'get',
  );
}

describe('MikroOrmVisitRepository on PostgreSQL', () => {
  it('stores every visit, and each visitor and visitor-day exactly once, under 500 concurrent records', async () => {
    // Seven visitors, each on both days.
    await Promise.all(Array.from({ length: 500 }, (_, i) => visits.record(visit(`v${i % 7}`, i % 2 === 0 ? DAY_ONE : DAY_TWO))));

    await expect(storedRows()).resolves.toEqual({ visits: '500', visitors: '7', visitor_days: '14' });
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

/**
 * The first record of a burst goes out alone, at once; the records made while it is in flight wait for it and
 * then go out together in one statement. So in `recordTogether(lead, ...rest)`, `rest` is exactly one batch.
 */
function recordTogether(...burst: Visit[]) {
  return Promise.all(burst.map((each) => visits.record(each)));
}

describe('MikroOrmVisitRepository coalescing concurrent visits', () => {
  it('records the visits that queued behind a statement in one statement, answering each the statistics that include it', async () => {
    const execute = vi.spyOn(db.database.em, 'execute');
    const prepared = vi.spyOn(db.database.preparedStatements, 'all');
    const answers = await recordTogether(visit('lead', DAY_ONE), visit('a', DAY_ONE), visit('b', DAY_ONE), visit('c', DAY_ONE));

    // The lead alone, then the three behind it together: two statements, no statistics read after either.
    expect(prepared.mock.calls.map(([statement, params]) => [statement.name, (JSON.parse(String(params[0])) as unknown[]).length])).toEqual([
      ['tally_record_visits', 1],
      ['tally_record_visits', 3],
    ]);
    expect(execute).not.toHaveBeenCalled();
    execute.mockRestore();
    prepared.mockRestore();
    expect(answers[0]).toEqual({ totalVisits: 1, uniqueVisitors: 1, today: { visits: 1, uniqueVisitors: 1 } });
    for (const answer of answers.slice(1)) {
      expect(answer).toEqual({ totalVisits: 4, uniqueVisitors: 4, today: { visits: 4, uniqueVisitors: 4 } });
    }
  });

  it('counts a new visitor who visits several times in one batch once overall and once today', async () => {
    const answers = await recordTogether(visit('lead', DAY_ONE), visit('a', DAY_ONE), visit('a', DAY_ONE), visit('b', DAY_ONE), visit('a', DAY_ONE));

    const exact = { totalVisits: 5, uniqueVisitors: 3, today: { visits: 5, uniqueVisitors: 3 } };
    expect(answers.at(-1)).toEqual(exact);
    await expect(visits.statistics(DAY_ONE)).resolves.toEqual(exact);
    await expect(storedRows()).resolves.toEqual({ visits: '5', visitors: '3', visitor_days: '3' });
  });

  it('counts a visitor already stored as a visit in a batch, but not again as a unique visitor', async () => {
    await visits.record(visit('known', DAY_ONE));
    const answers = await recordTogether(visit('lead', DAY_ONE), visit('known', DAY_ONE), visit('new', DAY_ONE));

    expect(answers.at(-1)).toEqual({ totalVisits: 4, uniqueVisitors: 3, today: { visits: 4, uniqueVisitors: 3 } });
    await expect(storedRows()).resolves.toEqual({ visits: '4', visitors: '3', visitor_days: '3' });
  });

  it('answers each visit of a batch that spans midnight the statistics of its own day', async () => {
    const answers = await recordTogether(visit('lead', DAY_ONE), visit('a', DAY_ONE), visit('b', DAY_TWO), visit('a', DAY_TWO));

    expect(answers[1]).toEqual({ totalVisits: 4, uniqueVisitors: 3, today: { visits: 2, uniqueVisitors: 2 } });
    expect(answers[2]).toEqual({ totalVisits: 4, uniqueVisitors: 3, today: { visits: 2, uniqueVisitors: 2 } });
    expect(answers[3]).toEqual(answers[2]);
    await expect(visits.statistics(DAY_ONE)).resolves.toEqual(answers[1]);
    await expect(visits.statistics(DAY_TWO)).resolves.toEqual(answers[2]);
    await expect(visits.dailyCounts(DAY_ONE, DAY_TWO)).resolves.toEqual([
      { day: DAY_ONE, visits: 2, uniqueVisitors: 2 },
      { day: DAY_TWO, visits: 2, uniqueVisitors: 2 },
    ]);
  });

  it('reads the day counts of concurrent requests in one statement, each cut to its own range', async () => {
    for (const v of [visit('a', DAY_ONE), visit('b', DAY_TWO), visit('c', '2025-05-03')]) await visits.record(v);
    const execute = vi.spyOn(db.database.em, 'execute');
    const answers = await Promise.all([
      visits.dailyCounts(DAY_ONE, '2025-05-03'),
      visits.dailyCounts(DAY_ONE, DAY_TWO),
      visits.dailyCounts(DAY_TWO, '2025-05-03'),
      visits.dailyCounts('2025-05-03', '2025-05-03'),
    ]);

    expect(execute).toHaveBeenCalledTimes(2);
    execute.mockRestore();
    const one = { day: DAY_ONE, visits: 1, uniqueVisitors: 1 };
    const two = { day: DAY_TWO, visits: 1, uniqueVisitors: 1 };
    const three = { day: '2025-05-03', visits: 1, uniqueVisitors: 1 };
    expect(answers).toEqual([[one, two, three], [one, two], [two, three], [three]]);
  });
});
