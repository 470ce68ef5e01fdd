import { beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/shared/validation-error.js';
import { GetVisitHistory } from '../../../core/visits/get-visit-history.js';
import { RecordVisit } from '../../../core/visits/record-visit.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { InMemoryVisitRepository } from '../../fakes/in-memory-visit-repository.js';
import { SequentialVisitorHash } from '../../fakes/sequential-visitor-hash.js';

describe('GetVisitHistory', () => {
  let visits: InMemoryVisitRepository;
  let clock: FixedClock;
  let recordVisit: RecordVisit;
  let getVisitHistory: GetVisitHistory;

  beforeEach(() => {
    visits = new InMemoryVisitRepository();
    clock = new FixedClock('2025-03-02T23:30:00.000Z');
    recordVisit = new RecordVisit(visits, clock, new SequentialVisitorHash());
    getVisitHistory = new GetVisitHistory(visits, clock);
  });

  const alice = { clientAddress: '203.0.113.7', userAgent: 'Firefox' };
  const bob = { clientAddress: '198.51.100.4', userAgent: 'Firefox' };

  it('answers every day of the range ending today (UTC), oldest first, days without visits as zeros', async () => {
    clock.set('2025-02-28T10:00:00.000Z');
    await recordVisit.execute(alice);
    await recordVisit.execute(alice);
    await recordVisit.execute(bob);
    clock.set('2025-03-02T23:30:00.000Z');
    await recordVisit.execute(bob);

    const history = await getVisitHistory.execute({ days: 4 });

    expect(history).toEqual({
      from: '2025-02-27',
      to: '2025-03-02',
      days: [
        { day: '2025-02-27', visits: 0, uniqueVisitors: 0 },
        { day: '2025-02-28', visits: 3, uniqueVisitors: 2 },
        { day: '2025-03-01', visits: 0, uniqueVisitors: 0 },
        { day: '2025-03-02', visits: 1, uniqueVisitors: 1 },
      ],
    });
  });

  it('starts a new day at midnight UTC', async () => {
    clock.set('2025-03-03T00:00:00.000Z');

    const history = await getVisitHistory.execute({ days: 1 });

    expect(history.days).toEqual([{ day: '2025-03-03', visits: 0, uniqueVisitors: 0 }]);
  });

  it('moves its range with the clock and with the number of days asked for', async () => {
    clock.set('2025-03-02T23:59:59.999Z');
    await expect(getVisitHistory.execute({ days: 2 })).resolves.toMatchObject({ from: '2025-03-01', to: '2025-03-02' });
    clock.advance(1);
    await expect(getVisitHistory.execute({ days: 2 })).resolves.toMatchObject({ from: '2025-03-02', to: '2025-03-03' });
    await expect(getVisitHistory.execute({ days: 3 })).resolves.toMatchObject({ from: '2025-03-01', to: '2025-03-03' });
    const history = await getVisitHistory.execute({ days: 2 });
    expect(history.days.map((daily) => daily.day)).toEqual(['2025-03-02', '2025-03-03']);
  });

  it('leaves out visits older than the range', async () => {
    clock.set('2025-01-01T12:00:00.000Z');
    await recordVisit.execute(alice);
    clock.set('2025-03-02T12:00:00.000Z');

    const history = await getVisitHistory.execute({ days: 30 });

    expect(history.days).toHaveLength(30);
    expect(history.days.every((daily) => daily.visits === 0)).toBe(true);
  });

  it('spans a whole year at most', async () => {
    const history = await getVisitHistory.execute({ days: 365 });

    expect(history).toMatchObject({ from: '2024-03-03', to: '2025-03-02' });
    expect(history.days).toHaveLength(365);
  });

  it.each([0, -3, 366, 2.5, Number.NaN])('rejects %s days, saying what is allowed', async (days) => {
    const rejected = getVisitHistory.execute({ days });

    await expect(rejected).rejects.toBeInstanceOf(ValidationError);
    await expect(rejected).rejects.toMatchObject({
      issues: [{ field: 'days', message: 'must be a whole number of days from 1 to 365' }],
    });
  });
});
