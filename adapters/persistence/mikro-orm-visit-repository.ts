import { inject, injectable } from 'inversify';
import type { DailyVisits } from '../../core/visits/daily-visits.js';
import type { Visit } from '../../core/visits/visit.js';
import type { VisitRepository } from '../../core/visits/visit-repository.js';
import type { VisitStatistics } from '../../core/visits/visit-statistics.js';
import { PREPARED_STATEMENTS, type PreparedStatements } from './prepared-statements.js';
import { SQL_STATEMENTS, type SqlStatements } from './sql-statements.js';
import { sharedReads } from './shared-reads.js';
import { StatementCoalescer } from './statement-coalescer.js';
import { recordVisits } from './visit-batch-record.js';
import { toVisitStatistics, type VisitStatisticsRow } from './visit-statistics-row.js';

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

interface DayRange {
  readonly from: string;
  readonly to: string;
}

/**
 * Visits that arrive together are recorded together, and the statistics and day counts that requests read at the
 * same time are read together (see StatementCoalescer and shared-reads.ts): one statement for each batch. A batch
 * holds other requests' visits, so no method may be called inside a transaction, whose connection the batch would
 * then share; no use case does.
 */
@injectable()
export class MikroOrmVisitRepository implements VisitRepository {
  private readonly records: StatementCoalescer<Visit, VisitStatistics>;
  private readonly dailyReads: StatementCoalescer<DayRange, DailyVisits[]>;
  private readonly statisticsReads: StatementCoalescer<string, VisitStatistics>;

  constructor(
    @inject(SQL_STATEMENTS) private readonly em: SqlStatements,
    @inject(PREPARED_STATEMENTS) prepared: PreparedStatements,
  ) {
    this.records = new StatementCoalescer({
      many: (visits) => recordVisits(prepared, visits),
      one: async (visit) => (await recordVisits(prepared, [visit]))[0] as VisitStatistics,
    });
    this.dailyReads = new StatementCoalescer({
      many: (ranges) => this.dailyCountsOfEach(ranges),
      one: (range) => this.readDailyCounts(range.from, range.to),
    });
    this.statisticsReads = sharedReads(
      async (day) => toVisitStatistics(await this.em.execute<VisitStatisticsRow>(statisticsSql, [day], 'get')),
      (day) => day,
    );
  }

  record(visit: Visit): Promise<VisitStatistics> {
    return this.records.run(visit);
  }

  statistics(day: string): Promise<VisitStatistics> {
    return this.statisticsReads.run(day);
  }

  dailyCounts(from: string, to: string): Promise<DailyVisits[]> {
    return this.dailyReads.run({ from, to });
  }

  /** One read of the days that every range spans together (nearly always the same range), cut into each range. */
  private async dailyCountsOfEach(ranges: readonly DayRange[]): Promise<DailyVisits[][]> {
    const froms = ranges.map((range) => range.from).sort();
    const tos = ranges.map((range) => range.to).sort();
    const days = await this.readDailyCounts(froms[0] as string, tos.at(-1) as string);
    return ranges.map((range) => days.filter((daily) => daily.day >= range.from && daily.day <= range.to));
  }

  private async readDailyCounts(from: string, to: string): Promise<DailyVisits[]> {
    const rows = await this.em.execute<DailyCountsRow[]>(dailyCountsSql, [from, to], 'all');
    return rows.map((row) => ({ day: row.day, visits: Number(row.visits), uniqueVisitors: Number(row.unique_visitors) }));
  }
}
