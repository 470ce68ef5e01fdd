import { Migration } from '@mikro-orm/migrations';

/**
 * All-time totals of the visit counters, so that /stats (and every recorded visit's answer) reads 16 rows
 * instead of every day's: summing a year of per-day shard rows cost ~0.75 ms of the database's CPU per read.
 * A trigger keeps the totals exact in the same transaction as each counter change, whatever statement makes
 * it; sharded like the counters, so concurrent visits contend no more than they already do. Plain PostgreSQL 15
 * SQL: PGlite runs the same file.
 */
export class Migration20261207000000VisitTotals extends Migration {
  override up(): void {
    this.addSql(`
      create table visit_total (
        shard smallint primary key,
        visits bigint not null,
        new_visitors bigint not null
      )`);
    this.addSql(`
      insert into visit_total (shard, visits, new_visitors)
      select shard, sum(visits), sum(new_visitors) from visit_counter group by shard`);
    this.addSql(`
      create function visit_total_follow_counter() returns trigger language plpgsql as $$
      begin
        if tg_op = 'TRUNCATE' then
          truncate visit_total;
          return null;
        end if;
        if tg_op in ('UPDATE', 'DELETE') then
          update visit_total set visits = visits - old.visits, new_visitors = new_visitors - old.new_visitors
          where shard = old.shard;
        end if;
        if tg_op in ('INSERT', 'UPDATE') then
          insert into visit_total as t (shard, visits, new_visitors) values (new.shard, new.visits, new.new_visitors)
          on conflict (shard) do update
            set visits = t.visits + excluded.visits, new_visitors = t.new_visitors + excluded.new_visitors;
        end if;
        return null;
      end
      $$`);
    this.addSql(`
      create trigger visit_counter_totals after insert or update or delete on visit_counter
      for each row execute function visit_total_follow_counter()`);
    this.addSql(`
      create trigger visit_counter_totals_truncate after truncate on visit_counter
      for each statement execute function visit_total_follow_counter()`);
  }

  override down(): void {
    this.addSql('drop trigger visit_counter_totals_truncate on visit_counter');
    this.addSql('drop trigger visit_counter_totals on visit_counter');
    this.addSql('drop function visit_total_follow_counter()');
    this.addSql('drop table visit_total');
  }
}
