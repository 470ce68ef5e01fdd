// Scale data made by PostgreSQL itself (generate_series), minutes not hours: 1 000 000 users and 10 000 000 visits
// over the last 365 days, with the visitor, visitor-day and per-day counter rows tally keeps beside them, all
// consistent, so /stats on the seeded database says exactly 10 000 000 visits.
import pg from 'pg';

export const SEED = { users: 1_000_000, visits: 10_000_000, visitors: 2_000_000, days: 365 };

/**
 * Visit i happens on day floor(i·days/visits) and comes from visitor (i mod visitors). A day spans fewer visits
 * than there are visitors, so nobody visits twice on one day: every visit is its visitor's first that day,
 * and visit i < visitors is visitor i's first ever. That makes every counter a plain count.
 */
const statements = ({ users, visits, visitors, days }) => {
  const day = `(current_date - ${days - 1} + (i::bigint * ${days} / ${visits})::int)`;
  const visitor = `md5('seed-visitor-' || (i % ${visitors}))`;
  const visitsOf = (columns) => `select ${columns} from generate_series(0, ${visits - 1}) as i`;
  return [
    `insert into user_account (id, username, email, created_at)
       select gen_random_uuid(), 'seed' || i, 'seed' || i || '@example.com',
              now() - make_interval(secs => (${users} - i) * (${days} * 86400.0 / ${users}))
       from generate_series(1, ${users}) as i`,
    // Building a primary key once over 10 000 000 rows is several times faster than growing it row by row.
    'alter table visit drop constraint visit_pkey',
    'alter table visitor_day drop constraint visitor_day_pkey',
    `insert into visit (visitor_id, visited_at)
       ${visitsOf(`${visitor}, ${day} + make_interval(secs => (i % (${visits} / ${days})) * (86400.0 * ${days} / ${visits}))`)}`,
    `insert into visitor (visitor_id, first_visit_at)
       select ${visitor}, ${day} from generate_series(0, ${visitors - 1}) as i`,
    `insert into visitor_day (day, visitor_id) ${visitsOf(`${day}, ${visitor}`)}`,
    'alter table visit add primary key (id)',
    'alter table visitor_day add primary key (day, visitor_id)',
    `insert into visit_counter (day, shard, visits, unique_visitors, new_visitors)
       ${visitsOf(`${day}, (i % 16)::smallint, count(*), count(*), count(*) filter (where i < ${visitors})`)} group by 1, 2`,
    'analyze',
  ];
};

/** Seeds an empty, migrated database; answers what it wrote. */
export async function seed(url, sizes = SEED) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('set synchronous_commit = off');
    await client.query("set work_mem = '256MB'");
    await client.query("set maintenance_work_mem = '512MB'");
    for (const sql of statements(sizes)) await client.query(sql);
    return sizes;
  } finally {
    await client.end();
  }
}
