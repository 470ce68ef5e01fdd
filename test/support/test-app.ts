import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../adapters/http/app.js';
import { ShutdownState } from '../../adapters/http/shutdown-state.js';
import { CLOCK, type Clock } from '../../core/shared/clock.js';
import type { Database } from '../../adapters/persistence/database.js';
import { type Config, loadConfig } from '../../composition/config.js';
import { createContainer } from '../../composition/container.js';
import { httpDependencies } from '../../composition/http-dependencies.js';
import { DATABASE } from '../../composition/tokens.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { TEST_ENVIRONMENT } from './test-environment.js';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestApp {
  readonly app: FastifyInstance;
  readonly database: Database;
  readonly config: Config;
  readonly shutdown: ShutdownState;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /**
   * The clock every use case reads, in place of the system's; tests that count "today" pass a FixedClock so
   * that a run straddling midnight UTC sees one day throughout.
   */
  readonly clock?: Clock;
  /** Adds test-only routes to the real app before it is ready, so they run with its hooks and error handling. */
  readonly routes?: (app: FastifyInstance, database: Database) => void | Promise<void>;
}

/**
 * The real application — the composition root's container, the real Fastify app, MikroORM — on a fresh,
 * migrated PostgreSQL database of its own. `env` overrides the configuration as the environment would.
 */
export async function startTestApp(env: NodeJS.ProcessEnv = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const testDatabase: TestDatabase = await createTestDatabase();
  const config = loadConfig({
    DATABASE_URL: testDatabase.url,
    VISITOR_SALT: 'test-visitor-salt-0123456789',
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    LOG_LEVEL: 'silent',
    ...TEST_ENVIRONMENT,
    ...env,
  });
  const container = await createContainer(config);
  if (options.clock) {
    await container.unbind(CLOCK);
    container.bind<Clock>(CLOCK).toConstantValue(options.clock);
  }
  const database = container.get<Database>(DATABASE);
  await database.migrate();
  const shutdown = new ShutdownState();
  const app = await buildApp(httpDependencies(container, config, shutdown));
  await options.routes?.(app, database);
  await app.ready();
  return {
    app,
    database,
    config,
    shutdown,
    async close() {
      await app.close();
      await database.close();
      await testDatabase.drop();
    },
  };
}
