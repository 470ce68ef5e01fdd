import { beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/shared/validation-error.js';
import { RecordVisit, VISITOR_MAX_LENGTH } from '../../../core/visits/record-visit.js';
import { fingerprintText, type VisitorFingerprint } from '../../../core/visits/visitor-fingerprint.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { InMemoryVisitRepository } from '../../fakes/in-memory-visit-repository.js';
import { SequentialVisitorHash } from '../../fakes/sequential-visitor-hash.js';

const alice: VisitorFingerprint = { clientAddress: '203.0.113.7', userAgent: 'Firefox' };
const bob: VisitorFingerprint = { clientAddress: '198.51.100.4', userAgent: 'Firefox' };

describe('RecordVisit', () => {
  let visits: InMemoryVisitRepository;
  let clock: FixedClock;
  let hash: SequentialVisitorHash;
  let recordVisit: RecordVisit;

  beforeEach(() => {
    visits = new InMemoryVisitRepository();
    clock = new FixedClock('2025-03-01T10:00:00.000Z');
    hash = new SequentialVisitorHash();
    recordVisit = new RecordVisit(visits, clock, hash);
  });

  it('records one visit at the current time on its UTC day, under the hash of what identifies the visitor', async () => {
    await recordVisit.execute(alice);

    expect(visits.visits).toEqual([
      {
        visitorId: hash.digest(fingerprintText(alice)),
        visitedAt: new Date('2025-03-01T10:00:00.000Z'),
        day: '2025-03-01',
      },
    ]);
  });

  it('never stores the raw address or user agent', async () => {
    await recordVisit.execute(alice);

    const stored = JSON.stringify(visits.visits);
    expect(stored).not.toContain(alice.clientAddress);
    expect(stored).not.toContain(alice.userAgent);
  });

  it('answers the statistics that include the visit', async () => {
    expect(await recordVisit.execute(alice)).toEqual({
      totalVisits: 1,
      uniqueVisitors: 1,
      today: { visits: 1, uniqueVisitors: 1 },
    });
  });

  it('counts a returning visitor as a visit but not as a new unique visitor', async () => {
    await recordVisit.execute(alice);

    expect(await recordVisit.execute({ ...alice })).toEqual({
      totalVisits: 2,
      uniqueVisitors: 1,
      today: { visits: 2, uniqueVisitors: 1 },
    });
  });

  it('counts different visitors as unique visitors', async () => {
    await recordVisit.execute(alice);
    await recordVisit.execute({ ...alice, userAgent: 'Chrome' });

    expect(await recordVisit.execute(bob)).toMatchObject({ totalVisits: 3, uniqueVisitors: 3 });
  });

  it('starts a new day at midnight UTC while keeping the overall counts', async () => {
    clock.set('2025-03-01T23:59:59.999Z');
    await recordVisit.execute(alice);
    await recordVisit.execute(bob);
    clock.advance(1);

    const stats = await recordVisit.execute(alice);

    expect(visits.visits.at(-1)?.day).toBe('2025-03-02');
    expect(stats).toEqual({ totalVisits: 3, uniqueVisitors: 2, today: { visits: 1, uniqueVisitors: 1 } });
  });

  it('assigns a visit to its UTC day whatever the offset the time was written with', async () => {
    clock.set('2025-03-01T21:30:00-05:00');

    await recordVisit.execute(alice);

    expect(visits.visits[0]?.day).toBe('2025-03-02');
  });

  it('counts every one of many concurrent visits', async () => {
    const fromFiveAddresses = Array.from({ length: 25 }, (_, n) => ({ ...alice, clientAddress: `10.0.0.${n % 5}` }));

    await Promise.all(fromFiveAddresses.map((fingerprint) => recordVisit.execute(fingerprint)));

    expect(await visits.statistics('2025-03-01')).toEqual({
      totalVisits: 25,
      uniqueVisitors: 5,
      today: { visits: 25, uniqueVisitors: 5 },
    });
  });

  describe('with a visitor identifier sent by an API client', () => {
    it('counts the same identifier as one visitor from any address', async () => {
      await recordVisit.execute({ ...alice, visitor: 'client-42' });

      const stats = await recordVisit.execute({ ...bob, visitor: 'client-42' });

      expect(stats).toMatchObject({ totalVisits: 2, uniqueVisitors: 1 });
    });

    it(`accepts an identifier of ${VISITOR_MAX_LENGTH} characters`, async () => {
      await recordVisit.execute({ ...alice, visitor: 'v'.repeat(VISITOR_MAX_LENGTH) });

      expect(visits.visits).toHaveLength(1);
    });

    it.each([
      ['an empty identifier', '', 'must not be empty'],
      ['an identifier of spaces only', '  ', 'must not be empty'],
      [
        `an identifier of ${VISITOR_MAX_LENGTH + 1} characters`,
        'v'.repeat(VISITOR_MAX_LENGTH + 1),
        'must be at most 200 characters',
      ],
    ])('rejects %s with a ValidationError naming the visitor, and records nothing', async (_case, visitor, message) => {
      const error: unknown = await recordVisit.execute({ ...alice, visitor }).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([{ field: 'visitor', message }]);
      expect(visits.visits).toEqual([]);
    });
  });
});
