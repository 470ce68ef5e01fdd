import { Migration } from '@mikro-orm/migrations';

/** Users, form submissions and the visit counters. Plain PostgreSQL 15 SQL: PGlite runs the same file. */
export class Migration20261125000000InitialSchema extends Migration {
  override up(): void {
    this.addSql(`
      create table user_account (
        id uuid primary key,
        username text not null constraint user_account_username_key unique,
        email text not null,
        created_at timestamptz not null
      )`);
    // Emails are unique ignoring case, but stored as typed.
    this.addSql('create unique index user_account_email_key on user_account (lower(email))');
    // Keyset pagination, newest first.
    this.addSql('create index user_account_created_at_id_idx on user_account (created_at desc, id desc)');

    this.addSql(`
      create table form_submission (
        id uuid primary key,
        name text not null,
        favorite_color text not null,
        pet text not null constraint form_submission_pet_check check (pet in ('cats', 'dogs')),
        created_at timestamptz not null
      )`);
    this.addSql('create index form_submission_created_at_id_idx on form_submission (created_at desc, id desc)');

    this.addSql(`
      create table visit (
        id bigint generated always as identity primary key,
        visitor_id text not null,
        visited_at timestamptz not null
      )`);
    this.addSql(`
      create table visitor (
        visitor_id text primary key,
        first_visit_at timestamptz not null
      )`);
    this.addSql(`
      create table visitor_day (
        day date not null,
        visitor_id text not null,
        primary key (day, visitor_id)
      )`);
    this.addSql(`
      create table visit_counter (
        day date not null,
        shard smallint not null,
        visits bigint not null,
        unique_visitors bigint not null,
        new_visitors bigint not null,
        primary key (day, shard)
      )`);
  }

  override down(): void {
    this.addSql('drop table visit_counter');
    this.addSql('drop table visitor_day');
    this.addSql('drop table visitor');
    this.addSql('drop table visit');
    this.addSql('drop table form_submission');
    this.addSql('drop table user_account');
  }
}
