import { Migration } from '@mikro-orm/migrations';

/**
 * All-time totals of the visit counters, so that /stats (and every recorded visit's answer) reads 16 rows
 * instead of every day's: summing a year of per-day shard rows cost ~0.75 ms of the database's CPU per read.
 * Triggers keep the totals exact in the same transaction as each counter change, whatever statement makes it
 * (one visit's, a batch of visits', a seed's). They run once per statement, from its transition tables: each
 * shard's change summed over the statement's rows, applied in shard order, so that two statements that each
 * change several counter rows never lock the same totals in opposite orders. Sharded like the counters, so
 * concurrent visits contend no more than they already do. Plain PostgreSQL 15 SQL: PGlite runs the same file.
 */
export class Migration20261207000000VisitTotals extends Migration {
  override up(): void {
    this.addSql(`
      create table visit_total (
        shard smallint primary key,
        visits bigint not null,
        new_visitors bigint not null
      )`);
    // One function for every event; each branch reads only the transition tables its trigger declares.
    this.addSql(`
      create function visit_total_follow_counters() returns trigger language plpgsql as $$
      begin
        if tg_op = 'TRUNCATE' then
          truncate visit_total;
        elsif tg_op = 'INSERT' then
          insert into visit_total as t (shard, visits, new_visitors)
          select shard, sum(visits), sum(new_visitors) from new_rows
          group by shard order by shard
          on conflict (shard) do update
            set visits = t.visits + excluded.visits, new_visitors = t.new_visitors + excluded.new_visitors;
        elsif tg_op = 'UPDATE' then
          insert into visit_total as t (shard, visits, new_visitors)
          select shard, sum(visits), sum(new_visitors)
          from (select shard, visits, new_visitors from new_rows
                union all select shard, -visits, -new_visitors from old_rows) as changes
          group by shard order by shard
          on conflict (shard) do update
            set visits = t.visits + excluded.visits, new_visitors = t.new_visitors + excluded.new_visitors;
        else
          insert into visit_total as t (shard, visits, new_visitors)
          select shard, -sum(visits), -sum(new_visitors) from old_rows
          group by shard order by shard
          on conflict (shard) do update
            set visits = t.visits + excluded.visits, new_visitors = t.new_visitors + excluded.new_visitors;
        end if;
        return null;
      end
      $$`);
    this.addSql(`
      create trigger visit_counter_totals_insert after insert on visit_counter
      referencing new table as new_rows
      for each statement execute function visit_total_follow_counters()`);
    this.addSql(`
      create trigger visit_counter_totals_update after update on visit_counter
      referencing old table as old_rows new table as new_rows
      for each statement execute function visit_total_follow_counters()`);
    this.addSql(`
      create trigger visit_counter_totals_delete after delete on visit_counter
      referencing old table as old_rows
      for each statement execute function visit_total_follow_counters()`);
    this.addSql(`
      create trigger visit_counter_totals_truncate after truncate on visit_counter
      for each statement execute function visit_total_follow_counters()`);
    // The totals so far, read only once the triggers exist: creating them waited for every writer in flight to
    // commit, and holds off new ones until this migration commits, so no counter change is missed or counted twice.
    this.addSql(`
      insert into visit_total (shard, visits, new_visitors)
      select shard, sum(visits), sum(new_visitors) from visit_counter group by shard`);
  }

  override down(): void {
    for (const event of ['insert', 'update', 'delete', 'truncate']) {
      this.addSql(`drop trigger visit_counter_totals_${event} on visit_counter`);
    }
    this.addSql('drop function visit_total_follow_counters()');
    this.addSql('drop table visit_total');
  }
}
