import type { Container } from 'inversify';
import type { CliServices, CliSession } from '../adapters/cli/cli-services.js';
import { CommandFailure } from '../adapters/cli/command-failure.js';
import { EXIT } from '../adapters/cli/exit-codes.js';
import { buildApp } from '../adapters/http/app.js';
import { untilShutdown } from '../adapters/http/graceful-shutdown.js';
import { ShutdownState } from '../adapters/http/shutdown-state.js';
import type { Database } from '../adapters/persistence/database.js';
import { translateDriverFailure } from '../adapters/persistence/database-failure.js';
import { DataDirectoryInUseError } from '../adapters/persistence/embedded-postgres.js';
import { SubmitForm } from '../core/forms/submit-form.js';
import { ImportPeople } from '../core/people/import-people.js';
import { ListUsers } from '../core/users/list-users.js';
import { RegisterUser } from '../core/users/register-user.js';
import { GetVisitStatistics } from '../core/visits/get-visit-statistics.js';
import { RecordVisit } from '../core/visits/record-visit.js';
import { type Config, loadConfig } from './config.js';
import { createContainer } from './container.js';
import { httpDependencies } from './http-dependencies.js';
import { DATABASE } from './tokens.js';

/**
 * A database that cannot be reached becomes core's DatabaseUnavailableError (persistence knows which driver
 * failures mean that), which the CLI maps to its "unavailable" exit code; so does a data directory in use.
 */
function asCommandFailure(error: unknown): unknown {
  if (error instanceof DataDirectoryInUseError) return new CommandFailure(error.message, EXIT.unavailable);
  return translateDriverFailure(error);
}

/**
 * Commands other than `serve` are batch work an operator watches (an import's COPY, migrations): they wait on
 * the database as long as their statements take, and only a connection must come within its timeout.
 */
function forBatchCommands(config: Config): Config {
  const database = config.database;
  if (database.kind !== 'server' || database.timeouts === undefined) return config;
  return { ...config, database: { ...database, timeouts: { connectMs: database.timeouts.connectMs } } };
}

async function openDatabase(config: Config, migrate: boolean): Promise<{ container: Container; database: Database }> {
  try {
    const container = await createContainer(config);
    const database = container.get<Database>(DATABASE);
    // The embedded database belongs to this process alone, so it is always brought up to date on open.
    if (migrate || config.database.kind === 'embedded') await database.migrate();
    return { container, database };
  } catch (error) {
    throw asCommandFailure(error);
  }
}

export interface RuntimeHooks {
  /** Flushes and stops telemetry (composition/telemetry.ts) once the server has drained, so no span is lost. */
  readonly shutdownTelemetry?: () => Promise<void>;
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

    async openSession({ migrate }): Promise<CliSession> {
      const { container, database } = await openDatabase(forBatchCommands(currentConfig()), migrate);
      return {
        registerUser: container.get(RegisterUser),
        listUsers: container.get(ListUsers),
        recordVisit: container.get(RecordVisit),
        getVisitStatistics: container.get(GetVisitStatistics),
        submitForm: container.get(SubmitForm),
        importPeople: container.get(ImportPeople),
        inContext: (work) => database.inContext(() => work().catch((error: unknown) => Promise.reject(asCommandFailure(error)))),
        ping: () => database.ping(),
        pendingMigrations: () => database.pendingMigrations(),
        migrate: () => database.migrate(),
        close: () => database.close(),
      };
    },

    async serve({ migrate }): Promise<void> {
      const settings = currentConfig();
      const { container, database } = await openDatabase(settings, migrate);
      const shutdown = new ShutdownState();
      try {
        const app = await buildApp(httpDependencies(container, settings, shutdown));
        const stopped = untilShutdown(app, shutdown, {
          graceMs: settings.shutdownGraceMs,
          drainMs: settings.shutdownDrainMs,
          closeResources: async () => {
            await database.close();
            await hooks.shutdownTelemetry?.();
          },
        });
        await app.listen({ host: settings.http.host, port: settings.http.port });
        await stopped;
      } catch (error) {
        await database.close().catch(() => {});
        throw error;
      }
    },
  };
}
