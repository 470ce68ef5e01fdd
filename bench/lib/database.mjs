// The PostgreSQL side of the benchmark: a fresh database per run on the local server (or BENCH_DATABASE_URL's).
import pg from 'pg';

/** The server to create bench databases on: BENCH_DATABASE_URL's, or the local one. */
export const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function withDatabase(url, name) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Runs one statement on its own connection and answers its rows. */
export async function query(url, sql, params = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Creates an empty database named for this process and a label; `drop()` removes it again. */
export async function freshDatabase(label) {
  const name = `tally_bench_${process.pid}_${label}`.replace(/[^a-z0-9_]/g, '_');
  await query(SERVER_URL, `drop database if exists ${name} with (force)`);
  await query(SERVER_URL, `create database ${name}`);
  return {
    name,
    url: withDatabase(SERVER_URL, name),
    drop: () => query(SERVER_URL, `drop database if exists ${name} with (force)`),
  };
}
