import type { CliServices, CliSession } from '../adapters/cli/cli-services.js';
import { type Config, loadConfig } from './config.js';
import { type RuntimeHooks, serveHttp } from './http-server.js';
import { openApplication } from './open-application.js';
import { asCommandFailure } from './unreachable-database.js';

/** The command line's services, built from the environment when first needed. */
export function createCliServices(env: NodeJS.ProcessEnv, hooks: RuntimeHooks = {}): CliServices {
  let config: Config | undefined;
  const currentConfig = () => {
    config ??= loadConfig(env);
    return config;
  };

  return {
    version: () => currentConfig().version,

    async openSession({ migrate }): Promise<CliSession> {
      const { container, database } = await openApplication(currentConfig(), migrate);
      return {
        useCases: container,
        run: (work) => work().catch((error: unknown) => Promise.reject(asCommandFailure(error))),
        ping: () => database.ping(),
        pendingMigrations: () => database.pendingMigrations(),
        migrate: () => database.migrate(),
        close: () => database.close(),
      };
    },

    serve: (options) => serveHttp(currentConfig(), options, hooks),
  };
}
