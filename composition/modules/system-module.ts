import { ContainerModule } from 'inversify';
import type { Database } from '../../adapters/persistence/database.js';
import { PREPARED_STATEMENTS, type PreparedStatements } from '../../adapters/persistence/prepared-statements.js';
import { SQL_STATEMENTS, type SqlStatements } from '../../adapters/persistence/sql-statements.js';
import { translatingDriverFailures } from '../../adapters/persistence/translating-driver-failures.js';
import { SystemClock } from '../../adapters/system/system-clock.js';
import { HmacVisitorHash } from '../../adapters/system/hmac-visitor-hash.js';
import { UuidV7IdGenerator } from '../../adapters/system/uuid-v7-id-generator.js';
import { PEOPLE_IMPORT_TRANSACTION, type PeopleImportTransaction } from '../../core/people/people-import-transaction.js';
import { CLOCK, type Clock } from '../../core/shared/clock.js';
import { ID_GENERATOR, type IdGenerator } from '../../core/shared/id-generator.js';
import { VISITOR_HASH, type VisitorHash } from '../../core/visits/visitor-hash.js';
import type { Config } from '../config.js';
import { CONFIG, DATABASE } from '../tokens.js';

/** What every feature shares: configuration, the open database and its statements, time, ids and the visitors' hash under the salt. */
export function systemModule(config: Config, database: Database, salt: string): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(CONFIG).toConstantValue(config);
    bind(DATABASE).toConstantValue(database);
    bind<SqlStatements>(SQL_STATEMENTS).toConstantValue(database.em);
    bind<PreparedStatements>(PREPARED_STATEMENTS).toConstantValue(database.preparedStatements);
    bind<VisitorHash>(VISITOR_HASH).toConstantValue(new HmacVisitorHash(salt));
    bind<Clock>(CLOCK).to(SystemClock);
    bind<IdGenerator>(ID_GENERATOR).to(UuidV7IdGenerator);
    // A persistence port like the repositories (bind-persistence-port.ts), but made by the database itself.
    bind<PeopleImportTransaction>(PEOPLE_IMPORT_TRANSACTION).toConstantValue(translatingDriverFailures(database.peopleImportTransaction()));
  });
}
