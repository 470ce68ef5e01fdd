import 'reflect-metadata';
import { Container } from 'inversify';
import { Database } from '../adapters/persistence/database.js';
import type { Config } from './config.js';
import { embeddedVisitorSalt } from './embedded-visitor-salt.js';
import { formsModule } from './modules/forms-module.js';
import { peopleModule } from './modules/people-module.js';
import { systemModule } from './modules/system-module.js';
import { usersModule } from './modules/users-module.js';
import { visitsModule } from './modules/visits-module.js';

/**
 * The one place that knows every part: one module per feature (its repository and use cases) and one for what
 * they share. Core's use cases carry no decorators, so the modules name their dependencies; adapters use `@inject`.
 */
export async function createContainer(config: Config): Promise<Container> {
  const salt =
    config.visitorSalt ??
    (config.database.kind === 'embedded' ? await embeddedVisitorSalt(config.database.dataDir) : undefined);
  if (salt === undefined) throw new Error('a visitor salt is required with a PostgreSQL server');
  const database = await Database.open(config.database);

  const container = new Container({ defaultScope: 'Singleton' });
  container.load(systemModule(config, database, salt), usersModule, visitsModule, formsModule, peopleModule);
  return container;
}
