import type { Clock } from '../shared/clock.js';
import { requireText } from '../shared/field-rules.js';
import { ValidationError } from '../shared/validation-error.js';
import { utcDay } from './visit.js';
import type { VisitRepository } from './visit-repository.js';
import type { VisitStatistics } from './visit-statistics.js';
import { fingerprintText, type VisitorFingerprint } from './visitor-fingerprint.js';
import type { VisitorHash } from './visitor-hash.js';

export const VISITOR_MAX_LENGTH = 200;

/** Records one visit and answers the statistics that include it. */
export class RecordVisit {
  constructor(
    private readonly visits: VisitRepository,
    private readonly clock: Clock,
    private readonly hash: VisitorHash,
  ) {}

  async execute(fingerprint: VisitorFingerprint): Promise<VisitStatistics> {
    const visitor = fingerprint.visitor?.trim();
    if (fingerprint.visitor !== undefined) {
      const issue = requireText('visitor', fingerprint.visitor, VISITOR_MAX_LENGTH);
      if (issue) throw new ValidationError([issue]);
    }
    const visitedAt = this.clock.now();
    const visitorId = this.hash.digest(fingerprintText({ ...fingerprint, ...(visitor === undefined ? {} : { visitor }) }));
    return this.visits.record({ visitorId, visitedAt, day: utcDay(visitedAt) });
  }
}
