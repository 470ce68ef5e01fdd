import { Migration } from '@mikro-orm/migrations';

/**
 * The people directory. The checks repeat core's person rules, so a row written past core (by hand, or by a
 * later bug) still cannot break them. Plain PostgreSQL 15 SQL: PGlite runs the same file.
 */
export class Migration20261125010000People extends Migration {
  override up(): void {
    this.addSql(`
      create table person (
        id uuid primary key,
        survived boolean not null,
        passenger_class smallint not null constraint person_passenger_class_check check (passenger_class between 1 and 3),
        name text not null constraint person_name_check
          check (char_length(name) between 1 and 200 and btrim(name) <> '' and name !~ '[\\x01-\\x1f\\x7f]'),
        sex text not null constraint person_sex_check check (sex in ('male', 'female', 'other')),
        age double precision not null constraint person_age_check check (age between 0 and 150),
        siblings_or_spouses_aboard integer not null
          constraint person_siblings_or_spouses_aboard_check check (siblings_or_spouses_aboard between 0 and 100),
        parents_or_children_aboard integer not null
          constraint person_parents_or_children_aboard_check check (parents_or_children_aboard between 0 and 100),
        fare double precision not null constraint person_fare_check check (fare between 0 and 1000000),
        created_at timestamptz not null
      )`);
    // Keyset pagination, newest first.
    this.addSql('create index person_created_at_id_idx on person (created_at desc, id desc)');
  }

  override down(): void {
    this.addSql('drop table person');
  }
}
