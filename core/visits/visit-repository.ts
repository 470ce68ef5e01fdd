import type { DailyVisits } from './daily-visits.js';
import type { Visit } from './visit.js';
import type { VisitStatistics } from './visit-statistics.js';

/**
 * Port: where visits are counted. Contract: counts are exact under any concurrency — N concurrent `record`
 * calls add exactly N visits, and a visitor is counted unique once overall and once per day.
 */
export interface VisitRepository {
  /** Counts the visit and answers the statistics of its day, which include it. */
  record(visit: Visit): Promise<VisitStatistics>;
  statistics(day: string): Promise<VisitStatistics>;
  /** The days from `from` to `to` (inclusive, `YYYY-MM-DD`) that have at least one visit, oldest first. */
  dailyCounts(from: string, to: string): Promise<DailyVisits[]>;
}

export const VISIT_REPOSITORY = Symbol.for('tally.VisitRepository');
