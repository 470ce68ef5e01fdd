import { buildApp } from '../adapters/http/app.js';
import { untilShutdown } from '../adapters/http/graceful-shutdown.js';
import { ShutdownSignal } from '../adapters/http/shutdown-signal.js';
import { ShutdownState } from '../adapters/http/shutdown-state.js';
import type { Config } from './config.js';
import { httpDependencies } from './http-dependencies.js';
import { openApplication } from './open-application.js';

export interface RuntimeHooks {
  /** Flushes and stops telemetry (composition/telemetry.ts) once the server has drained, so no span is lost. */
  readonly shutdownTelemetry?: () => Promise<void>;
}

/**
 * `tally serve`: listens until SIGTERM or SIGINT, then drains, closes the database and flushes telemetry. A signal
 * during start-up is kept: start-up finishes what it is doing (a migration is not cut short), does not listen,
 * and closes what it opened, so the process exits 0 as after any clean shutdown.
 */
export async function serveHttp(config: Config, options: { migrate: boolean }, hooks: RuntimeHooks): Promise<void> {
  const signal = new ShutdownSignal();
  const { container, database } = await openApplication(config, options.migrate ? 'migrate' : 'usable');
  const shutdown = new ShutdownState();
  try {
    const app = await buildApp(httpDependencies(container, config, shutdown));
    // A signal that came during start-up skips listening; one that comes during listen waits for it to finish,
    // so the shutdown sequence never closes a server that is still opening.
    if (!signal.hasArrived) await app.listen({ host: config.http.host, port: config.http.port });
    await untilShutdown(app, shutdown, {
      signal,
      graceMs: config.shutdownGraceMs,
      drainMs: config.shutdownDrainMs,
      closeResources: async () => {
        await database.close();
        await hooks.shutdownTelemetry?.();
      },
    });
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}
