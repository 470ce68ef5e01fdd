import { existsSync } from 'node:fs';
import { PostgreSqlContainer, type StartedPostgreSqlContainer } from '@testcontainers/postgresql';
import pg from 'pg';

export interface TestDatabase {
  /** A fresh, empty database of its own on a real PostgreSQL server. */
  readonly url: string;
  drop(): Promise<void>;
}

const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

function dockerAvailable(): boolean {
  return Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
}

/**
 * Where integration tests find PostgreSQL: a testcontainers server where Docker exists (a Jenkins agent),
 * else TEST_DATABASE_URL, else the local server. Never a mock: if none answers, the tests fail.
 */
async function serverUrl(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (dockerAvailable()) {
    const container: StartedPostgreSqlContainer = await new PostgreSqlContainer('postgres:15-alpine').start();
    return { url: container.getConnectionUri(), stop: async () => void (await container.stop()) };
  }
  return { url: process.env.TEST_DATABASE_URL ?? LOCAL_SERVER, stop: async () => {} };
}

async function onServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates a database that only the calling test file uses, and drops it afterwards. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = await serverUrl();
  const name = `tally_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await onServer(server.url, (client) => client.query(`create database ${name}`));
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await onServer(server.url, (client) => client.query(`drop database if exists ${name} with (force)`));
      await server.stop();
    },
  };
}
