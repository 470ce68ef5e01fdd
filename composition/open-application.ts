import type { Container } from 'inversify';
import type { SessionSchema } from '../adapters/cli/cli-services.js';
import type { Database } from '../adapters/persistence/database.js';
import type { Config } from './config.js';
import { createContainer } from './container.js';
import { DATABASE } from './tokens.js';
import { asCommandFailure } from './unreachable-database.js';

export interface Application {
  readonly container: Container;
  readonly database: Database;
}

/** What opening does to the schema: see SessionSchema; `migrate` applies pending migrations on any database. */
export type SchemaOnOpen = SessionSchema | 'migrate';

function migratesOnOpen(config: Config, schema: SchemaOnOpen): boolean {
  if (schema === 'migrate') return true;
  // The embedded database belongs to this process alone, so a usable one is one brought up to date.
  return schema === 'usable' && config.database.kind === 'embedded';
}

/** Builds the container on an open database, whose schema is then treated as `schema` says. */
export async function openApplication(config: Config, schema: SchemaOnOpen): Promise<Application> {
  try {
    const container = await createContainer(config);
    const database = container.get<Database>(DATABASE);
    if (migratesOnOpen(config, schema)) await database.migrate();
    return { container, database };
  } catch (error) {
    throw asCommandFailure(error);
  }
}
