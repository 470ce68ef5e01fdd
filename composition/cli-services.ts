import type { CliServices, CliSession } from '../adapters/cli/cli-services.js';
import { type Config, loadConfig } from './config.js';
import type { RuntimeHooks } from './http-server.js';
import { openApplication } from './open-application.js';
import { asCommandFailure } from './unreachable-database.js';

/**
 * Commands other than `serve` are batch work an operator watches (an import's COPY, migrations): they wait on
 * the database as long as their statements take, and only a connection must come within its timeout.
 */
function forBatchCommands(config: Config): Config {
  const database = config.database;
  if (database.kind !== 'server' || database.timeouts === undefined) return config;
  return { ...config, database: { ...database, timeouts: { connectMs: database.timeouts.connectMs } } };
}

/** The command line's services, built from the environment when first needed. */
export function createCliServices(env: NodeJS.ProcessEnv, hooks: RuntimeHooks = {}): CliServices {
  let config: Config | undefined;
  const currentConfig = () => {
    config ??= loadConfig(env);
    return config;
  };

  return {
    version: () => currentConfig().version,

    async openSession({ schema }): Promise<CliSession> {
      const { container, database } = await openApplication(forBatchCommands(currentConfig()), schema);
      return {
        useCases: container,
        run: (work) => work().catch((error: unknown) => Promise.reject(asCommandFailure(error))),
        ping: () => database.ping(),
        pendingMigrations: () => database.pendingMigrations(),
        migrate: () => database.migrate(),
        close: () => database.close(),
      };
    },

    // Fastify, its plugins and the pages are loaded by `serve` alone: an import or a migration has no use for them.
    serve: async (options) => (await import('./http-server.js')).serveHttp(currentConfig(), options, hooks),
  };
}
