import type { Container } from 'inversify';
import type { HttpDependencies } from '../adapters/http/http-dependencies.js';
import type { ShutdownState } from '../adapters/http/shutdown-state.js';
import type { Database } from '../adapters/persistence/database.js';
import type { Config } from './config.js';
import { DATABASE } from './tokens.js';

/** Resolves what the HTTP adapter needs from the container, for `tally serve` and for tests alike. */
export function httpDependencies(container: Container, config: Config, shutdown: ShutdownState): HttpDependencies {
  return {
    settings: {
      logLevel: config.logLevel,
      trustProxy: config.http.trustProxy,
      owner: config.owner,
      version: config.version,
      ...(config.adminToken ? { adminToken: config.adminToken } : {}),
      ...config.operations,
    },
    database: container.get<Database>(DATABASE),
    shutdown,
    useCases: container,
  };
}
