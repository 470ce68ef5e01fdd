import { ConnectionException } from '@mikro-orm/core';
import type { Container } from 'inversify';
import type { CliServices, CliSession } from '../adapters/cli/cli-services.js';
import { CommandFailure } from '../adapters/cli/command-failure.js';
import { EXIT } from '../adapters/cli/exit-codes.js';
import { buildApp } from '../adapters/http/app.js';
import { untilShutdown } from '../adapters/http/graceful-shutdown.js';
import { ShutdownState } from '../adapters/http/shutdown-state.js';
import type { Database } from '../adapters/persistence/database.js';
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

/** Node's network errors: the server cannot be reached at all. */
const NETWORK_ERROR_CODES = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'];

/**
 * MikroORM's PostgreSQL driver does not turn a refused connection into a ConnectionException: it arrives as the
 * pg error itself (through the Migrator) or as a DriverException carrying its `code`. PostgreSQL's own
 * "connection exception" class (08…) and "cannot connect now" states (57P01–57P03) mean the same.
 */
function isUnreachable(error: unknown): boolean {
  if (error instanceof ConnectionException) return true;
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && (NETWORK_ERROR_CODES.includes(code) || /^(08...|57P0[123])$/.test(code));
}

/** Failures of the database's reachability become the CLI's "unavailable" exit code, not an internal error. */
function asCommandFailure(error: unknown): unknown {
  if (error instanceof DataDirectoryInUseError) return new CommandFailure(error.message, EXIT.unavailable);
  if (isUnreachable(error)) {
    return new CommandFailure(`database unavailable: ${(error as Error).message}`, EXIT.unavailable);
  }
  return error;
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
      const { container, database } = await openDatabase(currentConfig(), migrate);
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
