import { buildApp } from '../adapters/http/app.js';
import { untilShutdown } from '../adapters/http/graceful-shutdown.js';
import { ShutdownState } from '../adapters/http/shutdown-state.js';
import type { Config } from './config.js';
import { httpDependencies } from './http-dependencies.js';
import { openApplication } from './open-application.js';

export interface RuntimeHooks {
  /** Flushes and stops telemetry (composition/telemetry.ts) once the server has drained, so no span is lost. */
  readonly shutdownTelemetry?: () => Promise<void>;
}

/** `tally serve`: listens until SIGTERM or SIGINT, then drains, closes the database and flushes telemetry. */
export async function serveHttp(config: Config, options: { migrate: boolean }, hooks: RuntimeHooks): Promise<void> {
  const { container, database } = await openApplication(config, options.migrate ? 'migrate' : 'usable');
  const shutdown = new ShutdownState();
  try {
    const app = await buildApp(httpDependencies(container, config, shutdown));
    const stopped = untilShutdown(app, shutdown, {
      graceMs: config.shutdownGraceMs,
      drainMs: config.shutdownDrainMs,
      closeResources: async () => {
        await database.close();
        await hooks.shutdownTelemetry?.();
      },
    });
    await app.listen({ host: config.http.host, port: config.http.port });
    await stopped;
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}
