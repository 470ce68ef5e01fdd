import type { VisitStatistics } from '../../core/visits/visit-statistics.js';

/** The statistics as the visit statements answer them: counts as text, since PostgreSQL's sums are bigint. */
export interface VisitStatisticsRow {
  total_visits: string;
  unique_visitors: string;
  today_visits: string;
  today_unique_visitors: string;
}

export function toVisitStatistics(row: VisitStatisticsRow): VisitStatistics {
  return {
    totalVisits: Number(row.total_visits),
    uniqueVisitors: Number(row.unique_visitors),
    today: { visits: Number(row.today_visits), uniqueVisitors: Number(row.today_unique_visitors) },
  };
}
