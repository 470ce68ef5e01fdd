import pg from 'pg';
import { type ServerProcess, startServerProcess } from '../../operations/support/tally-process.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { PausableProxy } from './pausable-proxy.js';

export interface TallyBehindProxy {
  readonly server: ServerProcess;
  readonly proxy: PausableProxy;
  readonly testDatabase: TestDatabase;
  /** DATABASE_URL through the proxy, for more tally processes (the CLI) on the same database. */
  readonly proxiedUrl: string;
  /** Runs one query on the database directly, past the proxy: the witness of what was stored. */
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

/** A real `tally serve` (dist/) on its own real PostgreSQL database, reaching it only through a PausableProxy. */
export async function startTallyBehindProxy(env: NodeJS.ProcessEnv = {}): Promise<TallyBehindProxy> {
  const testDatabase = await createTestDatabase();
  const direct = new URL(testDatabase.url);
  const proxy = await PausableProxy.start({ host: direct.hostname, port: Number(direct.port || 5432) });
  const proxied = new URL(testDatabase.url);
  proxied.port = String(proxy.port);
  const server = await startServerProcess(['--migrate'], {
    DATABASE_URL: proxied.toString(),
    LOG_LEVEL: 'warn',
    ...env,
  });
  return {
    server,
    proxy,
    testDatabase,
    proxiedUrl: proxied.toString(),
    async query(text, values = []) {
      const client = new pg.Client({ connectionString: testDatabase.url });
      await client.connect();
      try {
        return (await client.query(text, values)).rows;
      } finally {
        await client.end();
      }
    },
    async close() {
      proxy.setMode('forward');
      await server.stop();
      await proxy.close();
      await testDatabase.drop();
    },
  };
}
