import { expect, it } from 'vitest';
import { MikroOrmVisitRepository } from '../../adapters/persistence/mikro-orm-visit-repository.js';
import type { Visit } from '../../core/visits/visit.js';
import type { VisitStatistics } from '../../core/visits/visit-statistics.js';
import type { VisitRepository } from '../../core/visits/visit-repository.js';
import { InMemoryVisitRepository } from '../fakes/in-memory-visit-repository.js';
import { describeRepositoryContract } from './repository-contract.js';

const DAY_ONE = '2025-05-01';
const DAY_TWO = '2025-05-02';
const DAY_THREE = '2025-05-03';

const visit = (visitorId: string, day: string): Visit => ({ visitorId, day, visitedAt: new Date(`${day}T12:00:00.000Z`) });

/** The statistics a day is answered with: every visit and visitor so far, and that day's. */
const statistics = (totalVisits: number, uniqueVisitors: number, today: VisitStatistics['today']): VisitStatistics => ({
  totalVisits,
  uniqueVisitors,
  today,
});

/** What every VisitRepository promises (core/visits/visit-repository.ts): exact counts, under concurrency too. */
describeRepositoryContract<VisitRepository>(
  'VisitRepository',
  { inMemory: () => new InMemoryVisitRepository(), mikroOrm: (em, prepared) => new MikroOrmVisitRepository(em, prepared) },
  (repository) => {
    it('counts nothing before the first visit', async () => {
      await expect(repository().statistics(DAY_ONE)).resolves.toEqual(statistics(0, 0, { visits: 0, uniqueVisitors: 0 }));
    });

    it('counts every visit, and each visitor once overall and once on each day it came', async () => {
      const visits = repository();
      const recorded = [visit('a', DAY_ONE), visit('a', DAY_ONE), visit('b', DAY_ONE), visit('a', DAY_TWO), visit('c', DAY_TWO)];
      for (const each of recorded) await visits.record(each);

      await expect(visits.statistics(DAY_ONE)).resolves.toEqual(statistics(5, 3, { visits: 3, uniqueVisitors: 2 }));
      await expect(visits.statistics(DAY_TWO)).resolves.toEqual(statistics(5, 3, { visits: 2, uniqueVisitors: 2 }));
    });

    it('keeps exact counts under 500 concurrent records from 7 visitors over two days', async () => {
      const visits = repository();
      // Visitors v0–v2 come only on day two, v4–v6 only on day one, v3 on both.
      const planned = Array.from({ length: 500 }, (_, i) => {
        const n = i % 7;
        const day = n < 3 || (n === 3 && i % 2 === 0) ? DAY_TWO : DAY_ONE;
        return visit(`v${n}`, day);
      });
      const onDay = (day: string) => planned.filter((each) => each.day === day);
      expect(onDay(DAY_ONE)).toHaveLength(249);
      expect(onDay(DAY_TWO)).toHaveLength(251);

      await Promise.all(planned.map((each) => visits.record(each)));

      await expect(visits.statistics(DAY_ONE)).resolves.toEqual(statistics(500, 7, { visits: 249, uniqueVisitors: 4 }));
      await expect(visits.statistics(DAY_TWO)).resolves.toEqual(statistics(500, 7, { visits: 251, uniqueVisitors: 4 }));
      await expect(visits.statistics(DAY_THREE)).resolves.toEqual(statistics(500, 7, { visits: 0, uniqueVisitors: 0 }));
    });

    it('answers each record the statistics of its own day, counting that visit', async () => {
      const visits = repository();
      await visits.record(visit('a', DAY_ONE));

      await expect(visits.record(visit('b', DAY_TWO))).resolves.toEqual(statistics(2, 2, { visits: 1, uniqueVisitors: 1 }));
      await expect(visits.record(visit('a', DAY_ONE))).resolves.toEqual(statistics(3, 2, { visits: 2, uniqueVisitors: 1 }));
    });

    it('answers each of many concurrent records statistics that count it, the last one all of them', async () => {
      const visits = repository();
      const answers = await Promise.all(Array.from({ length: 60 }, (_, n) => visits.record(visit(`v${n % 4}`, DAY_ONE))));

      expect(Math.min(...answers.map((answer) => answer.today.visits))).toBeGreaterThanOrEqual(1);
      expect(Math.max(...answers.map((answer) => answer.totalVisits))).toBe(60);
      expect(Math.max(...answers.map((answer) => answer.today.uniqueVisitors))).toBe(4);
    });

    it('answers per-day visits and unique visitors only for days in the range that had visits, oldest first', async () => {
      const visits = repository();
      for (const each of [visit('a', DAY_ONE), visit('a', DAY_ONE), visit('b', DAY_ONE), visit('a', DAY_TWO), visit('c', DAY_THREE)]) {
        await visits.record(each);
      }

      await expect(visits.dailyCounts('2025-04-01', DAY_TWO)).resolves.toEqual([
        { day: DAY_ONE, visits: 3, uniqueVisitors: 2 },
        { day: DAY_TWO, visits: 1, uniqueVisitors: 1 },
      ]);
      await expect(visits.dailyCounts('2025-06-01', '2025-06-30')).resolves.toEqual([]);
    });
  },
);
