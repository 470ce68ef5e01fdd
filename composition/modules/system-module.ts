import { ContainerModule } from 'inversify';
import type { Database } from '../../adapters/persistence/database.js';
import { SQL_STATEMENTS, type SqlStatements } from '../../adapters/persistence/sql-statements.js';
import { SystemClock } from '../../adapters/system/system-clock.js';
import { UuidV7IdGenerator } from '../../adapters/system/uuid-v7-id-generator.js';
import { PEOPLE_IMPORT_TRANSACTION, type PeopleImportTransaction } from '../../core/people/people-import-transaction.js';
import { CLOCK, type Clock } from '../../core/shared/clock.js';
import { ID_GENERATOR, type IdGenerator } from '../../core/shared/id-generator.js';
import { VISITOR_SALT, type VisitorSalt } from '../../core/visits/visitor-salt.js';
import type { Config } from '../config.js';
import { CONFIG, DATABASE } from '../tokens.js';

/** What every feature shares: configuration, the open database and its statements, time, ids and the visitor salt. */
export function systemModule(config: Config, database: Database, salt: string): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(CONFIG).toConstantValue(config);
    bind(DATABASE).toConstantValue(database);
    bind<SqlStatements>(SQL_STATEMENTS).toConstantValue(database.em);
    bind<VisitorSalt>(VISITOR_SALT).toConstantValue({ value: salt });
    bind<Clock>(CLOCK).to(SystemClock);
    bind<IdGenerator>(ID_GENERATOR).to(UuidV7IdGenerator);
    bind<PeopleImportTransaction>(PEOPLE_IMPORT_TRANSACTION).toConstantValue(database.peopleImportTransaction());
  });
}
