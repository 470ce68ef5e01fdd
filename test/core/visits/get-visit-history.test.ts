import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../../../core/shared/validation-error.js';
import { GetVisitHistory } from '../../../core/visits/get-visit-history.js';
import { RecordVisit } from '../../../core/visits/record-visit.js';
import { utcDay } from '../../../core/visits/visit.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { InMemoryVisitRepository } from '../../fakes/in-memory-visit-repository.js';
import { SequentialVisitorHash } from '../../fakes/sequential-visitor-hash.js';

const SETTLE_MS = 60_000;

describe('GetVisitHistory', () => {
  let visits: InMemoryVisitRepository;
  let clock: FixedClock;
  let recordVisit: RecordVisit;
  let getVisitHistory: GetVisitHistory;

  beforeEach(() => {
    visits = new InMemoryVisitRepository();
    clock = new FixedClock('2025-03-02T23:30:00.000Z');
    recordVisit = new RecordVisit(visits, clock, new SequentialVisitorHash());
    getVisitHistory = new GetVisitHistory(visits, clock, SETTLE_MS);
  });

  /** The history as the home page asks for it: with today's figures from the statistics it was just answered. */
  async function historyOf(days: number) {
    const { today } = await visits.statistics(utcDay(clock.now()));
    return getVisitHistory.execute({ days, today });
  }

  const alice = { clientAddress: '203.0.113.7', userAgent: 'Firefox' };
  const bob = { clientAddress: '198.51.100.4', userAgent: 'Firefox' };

  it('answers every day of the range ending today (UTC), oldest first, days without visits as zeros', async () => {
    clock.set('2025-02-28T10:00:00.000Z');
    await recordVisit.execute(alice);
    await recordVisit.execute(alice);
    await recordVisit.execute(bob);
    clock.set('2025-03-02T23:30:00.000Z');
    await recordVisit.execute(bob);

    const history = await historyOf(4);

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

    const history = await historyOf(1);

    expect(history.days).toEqual([{ day: '2025-03-03', visits: 0, uniqueVisitors: 0 }]);
  });

  it('moves its range with the clock and with the number of days asked for', async () => {
    clock.set('2025-03-02T23:59:59.999Z');
    await expect(historyOf(2)).resolves.toMatchObject({ from: '2025-03-01', to: '2025-03-02' });
    clock.advance(1);
    await expect(historyOf(2)).resolves.toMatchObject({ from: '2025-03-02', to: '2025-03-03' });
    await expect(historyOf(3)).resolves.toMatchObject({ from: '2025-03-01', to: '2025-03-03' });
    const history = await historyOf(2);
    expect(history.days.map((daily) => daily.day)).toEqual(['2025-03-02', '2025-03-03']);
  });

  it('leaves out visits older than the range', async () => {
    clock.set('2025-01-01T12:00:00.000Z');
    await recordVisit.execute(alice);
    clock.set('2025-03-02T12:00:00.000Z');

    const history = await historyOf(30);

    expect(history.days).toHaveLength(30);
    expect(history.days.every((daily) => daily.visits === 0)).toBe(true);
  });

  it('spans a whole year at most', async () => {
    const history = await historyOf(365);

    expect(history).toMatchObject({ from: '2024-03-03', to: '2025-03-02' });
    expect(history.days).toHaveLength(365);
  });

  it.each([0, -3, 366, 2.5, Number.NaN])('rejects %s days, saying what is allowed', async (days) => {
    const rejected = getVisitHistory.execute({ days, today: { visits: 0, uniqueVisitors: 0 } });

    await expect(rejected).rejects.toBeInstanceOf(ValidationError);
    await expect(rejected).rejects.toMatchObject({
      issues: [{ field: 'days', message: 'must be a whole number of days from 1 to 365' }],
    });
  });

  describe('the days before today, once settled', () => {
    const callersToday = { visits: 7, uniqueVisitors: 5 };

    it('are read once, and today is what the caller was answered', async () => {
      clock.set('2025-03-01T10:00:00.000Z');
      await recordVisit.execute(alice);
      clock.set('2025-03-02T12:00:00.000Z');
      const reads = vi.spyOn(visits, 'dailyCounts');

      const first = await getVisitHistory.execute({ days: 3, today: callersToday });
      const second = await getVisitHistory.execute({ days: 3, today: { visits: 8, uniqueVisitors: 6 } });

      expect(reads).toHaveBeenCalledTimes(1);
      expect(first.days).toEqual([
        { day: '2025-02-28', visits: 0, uniqueVisitors: 0 },
        { day: '2025-03-01', visits: 1, uniqueVisitors: 1 },
        { day: '2025-03-02', visits: 7, uniqueVisitors: 5 },
      ]);
      expect(second.days.at(-1)).toEqual({ day: '2025-03-02', visits: 8, uniqueVisitors: 6 });
    });

    it('are read on every call, today too, until the settle margin has passed since midnight', async () => {
      clock.set(new Date(Date.parse('2025-03-03T00:00:00.000Z') + SETTLE_MS - 1));
      const reads = vi.spyOn(visits, 'dailyCounts');

      const early = await getVisitHistory.execute({ days: 2, today: callersToday });
      // A visit stamped just before midnight whose statement commits only now.
      clock.set('2025-03-02T23:59:59.999Z');
      await recordVisit.execute(alice);
      clock.set(new Date(Date.parse('2025-03-03T00:00:00.000Z') + SETTLE_MS - 1));
      const late = await getVisitHistory.execute({ days: 2, today: callersToday });

      expect(reads).toHaveBeenCalledTimes(2);
      // The caller's figures may still be yesterday's: today is read instead.
      expect(early.days).toEqual([
        { day: '2025-03-02', visits: 0, uniqueVisitors: 0 },
        { day: '2025-03-03', visits: 0, uniqueVisitors: 0 },
      ]);
      expect(late.days[0]).toEqual({ day: '2025-03-02', visits: 1, uniqueVisitors: 1 });
    });

    it('are kept from the settle margin on, and read again on the next day', async () => {
      const midnight = Date.parse('2025-03-03T00:00:00.000Z');
      clock.set('2025-03-02T12:00:00.000Z');
      await historyOf(2);
      clock.set('2025-03-02T23:59:59.999Z');
      await recordVisit.execute(bob);
      const reads = vi.spyOn(visits, 'dailyCounts');

      clock.set(new Date(midnight + SETTLE_MS));
      const settled = await getVisitHistory.execute({ days: 2, today: callersToday });
      clock.set(new Date(midnight + SETTLE_MS + 1));
      await getVisitHistory.execute({ days: 2, today: callersToday });

      expect(reads).toHaveBeenCalledTimes(1);
      expect(settled.days).toEqual([
        { day: '2025-03-02', visits: 1, uniqueVisitors: 1 },
        { day: '2025-03-03', visits: 7, uniqueVisitors: 5 },
      ]);
    });

    it('are read again for a wider range, and cut from the kept one for a narrower', async () => {
      clock.set('2025-03-02T12:00:00.000Z');
      const reads = vi.spyOn(visits, 'dailyCounts');

      await getVisitHistory.execute({ days: 30, today: callersToday });
      await getVisitHistory.execute({ days: 7, today: callersToday });
      expect(reads).toHaveBeenCalledTimes(1);
      const wider = await getVisitHistory.execute({ days: 90, today: callersToday });
      await getVisitHistory.execute({ days: 30, today: callersToday });

      expect(reads).toHaveBeenCalledTimes(2);
      expect(reads).toHaveBeenLastCalledWith('2024-12-03', '2025-03-02');
      expect(wider.days).toHaveLength(90);
    });
  });
});
