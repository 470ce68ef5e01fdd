import type { Container } from 'inversify';
import type { Database } from '../adapters/persistence/database.js';
import type { Config } from './config.js';
import { createContainer } from './container.js';
import { DATABASE } from './tokens.js';
import { asCommandFailure } from './unreachable-database.js';

export interface Application {
  readonly container: Container;
  readonly database: Database;
}

/** Builds the container on an open database, migrated first when asked (the embedded database always is). */
export async function openApplication(config: Config, migrate: boolean): Promise<Application> {
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
