import type { Visit } from '../../core/visits/visit.js';
import type { VisitStatistics } from '../../core/visits/visit-statistics.js';
import type { PreparedStatement, PreparedStatements } from './prepared-statements.js';
import { toVisitStatistics, type VisitStatisticsRow } from './visit-statistics-row.js';

/** Concurrent batches spread their counter updates over this many rows per day. */
export const COUNTER_SHARDS = 16;

/**
 * Many visits in one statement: atomic without a transaction, one round trip, one commit. The visits travel as
 * one JSON parameter, as user-batch-insert.ts explains. The visitor and visitor-day inserts decide uniqueness:
 * each is `on conflict do nothing` over the batch's distinct keys, so a visitor seen before (or by a concurrent
 * statement) adds nothing, and a new visitor who visits several times in one batch is counted once. Each UTC day
 * of the batch adds to one counter row, its shard drawn per batch. Rows are written in key order, so that two
 * batches in flight at once (from two workers) take their locks in the same order instead of deadlocking.
 *
 * The same statement answers the statistics of each day in the batch. Every part of a statement reads the one
 * snapshot taken when it began, which none of its own inserts change: so the statistics are the counters as they
 * were plus what this batch added — each visit's answer includes it (and the rest of its batch), with no second
 * round trip. The all-time totals come from `visit_total` (16 rows that the counters' triggers keep, updated
 * only once this statement's counter writes are done) and the day's from its own counter rows, so a batch reads
 * the same few rows however many days have counters.
 */
const recordStatement: PreparedStatement = {
  name: 'tally_record_visits',
  sql: `
  with input as (
    select value->>'visitorId' as visitor_id, (value->>'visitedAt')::timestamptz as visited_at,
           (value->>'day')::date as day, ord
    from jsonb_array_elements(?::jsonb) with ordinality as row(value, ord)
  ), first_visit as (
    select distinct on (visitor_id) visitor_id, visited_at, day from input order by visitor_id, ord
  ), new_visitor as (
    insert into visitor (visitor_id, first_visit_at)
    select visitor_id, visited_at from first_visit order by visitor_id
    on conflict do nothing
    returning visitor_id
  ), new_visitor_day as (
    insert into visitor_day (day, visitor_id)
    select distinct day, visitor_id from input order by day, visitor_id
    on conflict do nothing
    returning day
  ), added as (
    select input.day, count(*) as visits,
           (select count(*) from new_visitor_day where new_visitor_day.day = input.day) as unique_visitors,
           (select count(*) from new_visitor join first_visit using (visitor_id)
            where first_visit.day = input.day) as new_visitors
    from input
    group by input.day
  ), counted as (
    insert into visit_counter as c (day, shard, visits, unique_visitors, new_visitors)
    select day, ?, visits, unique_visitors, new_visitors from added order by day
    on conflict (day, shard) do update set
      visits = c.visits + excluded.visits,
      unique_visitors = c.unique_visitors + excluded.unique_visitors,
      new_visitors = c.new_visitors + excluded.new_visitors
  ), stored as (
    insert into visit (visitor_id, visited_at) select visitor_id, visited_at from input order by ord
  ), counted_before as (
    select day, sum(visits) as visits, sum(unique_visitors) as unique_visitors
    from visit_counter
    where day in (select day from added)
    group by day
  ), total_before as (
    select coalesce(sum(visits), 0) as visits, coalesce(sum(new_visitors), 0) as new_visitors from visit_total
  )
  select added.day::text as day,
         ((select visits from total_before) + (select sum(visits) from added))::text as total_visits,
         ((select new_visitors from total_before) + (select sum(new_visitors) from added))::text as unique_visitors,
         (coalesce(before.visits, 0) + added.visits)::text as today_visits,
         (coalesce(before.unique_visitors, 0) + added.unique_visitors)::text as today_unique_visitors
  from added left join counted_before as before using (day)`,
};

interface DayStatisticsRow extends VisitStatisticsRow {
  day: string;
}

/** Records `visits` in one statement and answers, for each, the statistics of its day that include it. */
export async function recordVisits(statements: PreparedStatements, visits: readonly Visit[]): Promise<VisitStatistics[]> {
  const shard = Math.floor(Math.random() * COUNTER_SHARDS);
  const rows = await statements.all<DayStatisticsRow>(recordStatement, [JSON.stringify(visits), shard]);
  const byDay = new Map(rows.map((row) => [row.day, toVisitStatistics(row)]));
  return visits.map((visit) => byDay.get(visit.day) as VisitStatistics);
}
