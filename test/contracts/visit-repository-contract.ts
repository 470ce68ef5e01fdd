import { beforeEach, describe, expect, it } from 'vitest';
import type { Visit } from '../../core/visits/visit.js';
import type { VisitRepository } from '../../core/visits/visit-repository.js';
import type { FreshRepository } from './repository-subject.js';

const DAY_ONE = '2025-05-01';
const DAY_TWO = '2025-05-02';

const visit = (visitorId: string, day: string): Visit => ({ visitorId, day, visitedAt: new Date(`${day}T12:00:00.000Z`) });

/** What every VisitRepository promises (core/visits/visit-repository.ts): exact counts, under concurrency too. */
export function visitRepositoryContract(name: string, fresh: FreshRepository<VisitRepository>): void {
  describe(`VisitRepository contract: ${name}`, () => {
    let visits: VisitRepository;

    beforeEach(async () => {
      visits = await fresh();
    });

    it('counts nothing before the first visit', async () => {
      await expect(visits.statistics(DAY_ONE)).resolves.toEqual({
        totalVisits: 0,
        uniqueVisitors: 0,
        today: { visits: 0, uniqueVisitors: 0 },
      });
    });

    it('counts every visit, and each visitor once overall and once on each day it came', async () => {
      const recorded = [visit('a', DAY_ONE), visit('a', DAY_ONE), visit('b', DAY_ONE), visit('a', DAY_TWO), visit('c', DAY_TWO)];
      for (const each of recorded) await visits.record(each);

      await expect(visits.statistics(DAY_ONE)).resolves.toEqual({
        totalVisits: 5,
        uniqueVisitors: 3,
        today: { visits: 3, uniqueVisitors: 2 },
      });
      await expect(visits.statistics(DAY_TWO)).resolves.toEqual({
        totalVisits: 5,
        uniqueVisitors: 3,
        today: { visits: 2, uniqueVisitors: 2 },
      });
    });

    it('counts exactly N concurrent visits of the same few visitors, answering each statistics that count it', async () => {
      const answers = await Promise.all(Array.from({ length: 60 }, (_, n) => visits.record(visit(`v${n % 4}`, DAY_ONE))));

      expect(Math.min(...answers.map((answer) => answer.today.visits))).toBeGreaterThanOrEqual(1);
      expect(Math.max(...answers.map((answer) => answer.totalVisits))).toBe(60);
      expect(Math.max(...answers.map((answer) => answer.today.uniqueVisitors))).toBe(4);

      await expect(visits.statistics(DAY_ONE)).resolves.toEqual({
        totalVisits: 60,
        uniqueVisitors: 4,
        today: { visits: 60, uniqueVisitors: 4 },
      });
    });
  });
}
