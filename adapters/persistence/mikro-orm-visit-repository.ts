import { inject, injectable } from 'inversify';
import type { DailyVisits } from '../../core/visits/daily-visits.js';
import type { Visit } from '../../core/visits/visit.js';
import type { VisitRepository } from '../../core/visits/visit-repository.js';
import type { VisitStatistics } from '../../core/visits/visit-statistics.js';
import { SQL_STATEMENTS, type SqlStatements } from './sql-statements.js';

/** Concurrent visits spread their counter updates over this many rows per day. */
export const COUNTER_SHARDS = 16;

/**
 * One statement records a visit and updates every counter, so it is atomic without a transaction and costs
 * one round trip. The visitor and visitor-day inserts decide uniqueness: under concurrency exactly one
 * `on conflict do nothing` insert returns a row, and only that one adds to the unique counts.
 */
const recordVisitSql = `
  with new_visitor as (
    insert into visitor (visitor_id, first_visit_at) values (?, ?)
    on conflict do nothing returning 1
  ), new_today as (
    insert into visitor_day (day, visitor_id) values (?, ?)
    on conflict do nothing returning 1
  ), counted as (
    insert into visit_counter as c (day, shard, visits, unique_visitors, new_visitors)
    values (?, ?, 1, (select count(*) from new_today), (select count(*) from new_visitor))
    on conflict (day, shard) do update set
      visits = c.visits + 1,
      unique_visitors = c.unique_visitors + excluded.unique_visitors,
      new_visitors = c.new_visitors + excluded.new_visitors
    returning 1
  )
  insert into visit (visitor_id, visited_at) select ?, ? from counted`;

/**
 * Reads 16 all-time total rows (kept by triggers, see the VisitTotals migration) and today's shard rows through
 * the (day, shard) key: the same few rows however many days have counters. One statement, one snapshot.
 */
const statisticsSql = `
  select
    total.visits as total_visits, total.unique_visitors, today.visits as today_visits, today.unique_visitors as today_unique_visitors
  from
    (select coalesce(sum(visits), 0)::text as visits, coalesce(sum(new_visitors), 0)::text as unique_visitors
     from visit_total) as total,
    (select coalesce(sum(visits), 0)::text as visits, coalesce(sum(unique_visitors), 0)::text as unique_visitors
     from visit_counter where day = ?) as today`;

/** Sums each day's shard rows: at most COUNTER_SHARDS rows a day, found through the (day, shard) key. */
const dailyCountsSql = `
  select day::text as day, sum(visits)::text as visits, sum(unique_visitors)::text as unique_visitors
  from visit_counter
  where day between ?::date and ?::date
  group by day
  order by day`;

interface DailyCountsRow {
  day: string;
  visits: string;
  unique_visitors: string;
}

interface StatisticsRow {
  total_visits: string;
  unique_visitors: string;
  today_visits: string;
  today_unique_visitors: string;
}

@injectable()
export class MikroOrmVisitRepository implements VisitRepository {
  constructor(@inject(SQL_STATEMENTS) private readonly em: SqlStatements) {}

  async record(visit: Visit): Promise<void> {
    const at = visit.visitedAt.toISOString();
    const shard = Math.floor(Math.random() * COUNTER_SHARDS);
    await this.em.execute(
      recordVisitSql,
      [visit.visitorId, at, visit.day, visit.visitorId, visit.day, shard, visit.visitorId, at],
      'run',
    );
  }

  async statistics(day: string): Promise<VisitStatistics> {
    const row = await this.em.execute<StatisticsRow>(statisticsSql, [day], 'get');
    return {
      totalVisits: Number(row.total_visits),
      uniqueVisitors: Number(row.unique_visitors),
      today: { visits: Number(row.today_visits), uniqueVisitors: Number(row.today_unique_visitors) },
    };
  }

  async dailyCounts(from: string, to: string): Promise<DailyVisits[]> {
    const rows = await this.em.execute<DailyCountsRow[]>(dailyCountsSql, [from, to], 'all');
    return rows.map((row) => ({ day: row.day, visits: Number(row.visits), uniqueVisitors: Number(row.unique_visitors) }));
  }
}
