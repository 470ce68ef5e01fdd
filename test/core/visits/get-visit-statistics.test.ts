import { beforeEach, describe, expect, it } from 'vitest';
import { GetVisitStatistics } from '../../../core/visits/get-visit-statistics.js';
import { RecordVisit } from '../../../core/visits/record-visit.js';
import type { VisitorFingerprint } from '../../../core/visits/visitor-fingerprint.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { InMemoryVisitRepository } from '../../fakes/in-memory-visit-repository.js';
import { SequentialVisitorHash } from '../../fakes/sequential-visitor-hash.js';

const alice: VisitorFingerprint = { clientAddress: '203.0.113.7', userAgent: 'Firefox' };
const bob: VisitorFingerprint = { clientAddress: '198.51.100.4', userAgent: 'Firefox' };
const carol: VisitorFingerprint = { clientAddress: '192.0.2.9', userAgent: 'Safari' };

describe('GetVisitStatistics', () => {
  let visits: InMemoryVisitRepository;
  let clock: FixedClock;
  let recordVisit: RecordVisit;
  let getVisitStatistics: GetVisitStatistics;

  beforeEach(() => {
    visits = new InMemoryVisitRepository();
    clock = new FixedClock('2025-03-01T10:00:00.000Z');
    recordVisit = new RecordVisit(visits, clock, new SequentialVisitorHash());
    getVisitStatistics = new GetVisitStatistics(visits, clock);
  });

  it('answers zeros before anyone visits', async () => {
    expect(await getVisitStatistics.execute()).toEqual({
      totalVisits: 0,
      uniqueVisitors: 0,
      today: { visits: 0, uniqueVisitors: 0 },
    });
  });

  it('records nothing itself', async () => {
    await recordVisit.execute(alice);

    await getVisitStatistics.execute();
    const stats = await getVisitStatistics.execute();

    expect(stats.totalVisits).toBe(1);
    expect(visits.visits).toHaveLength(1);
  });

  it("counts today's visits and visitors by the clock's UTC day, and all of them overall", async () => {
    await recordVisit.execute(alice);
    await recordVisit.execute(alice);
    await recordVisit.execute(bob);
    clock.set('2025-03-02T00:00:00.000Z');
    await recordVisit.execute(bob);
    await recordVisit.execute(carol);
    clock.set('2025-03-02T23:59:59.999Z');

    expect(await getVisitStatistics.execute()).toEqual({
      totalVisits: 5,
      uniqueVisitors: 3,
      today: { visits: 2, uniqueVisitors: 2 },
    });
  });

  it('answers no visits today on a day nobody has visited yet', async () => {
    await recordVisit.execute(alice);
    clock.advance(24 * 60 * 60 * 1000);

    expect(await getVisitStatistics.execute()).toEqual({
      totalVisits: 1,
      uniqueVisitors: 1,
      today: { visits: 0, uniqueVisitors: 0 },
    });
  });
});
