import type { SqlEntityManager } from '@mikro-orm/postgresql';
import type { PeopleImportTransaction } from '../../core/people/people-import-transaction.js';
import type { DatabaseConfig } from './database-config.js';
import type { EmbeddedDatabase } from './embedded-database.js';
import type { PoolUse } from './pool-use.js';
import type { PreparedStatements } from './prepared-statements.js';
import { ServerDatabase } from './server-database.js';

/** tally's database, a PostgreSQL server or the embedded one: what the rest of the process asks of either. */
export interface Database {
  /** MikroORM's process-wide EntityManager, for statements only (see sql-statements.ts). */
  readonly em: SqlEntityManager;
  /** The statements that run most often (batched writes), prepared where the driver can. */
  readonly preparedStatements: PreparedStatements;
  /** Throws DatabaseUnavailableError (or, for a failure it does not know, the driver's error) when the database does not answer. */
  ping(): Promise<void>;
  /** The connection pool's use for the metrics, or undefined where there is no pool. */
  poolUse(): Promise<PoolUse | undefined>;
  pendingMigrations(): Promise<string[]>;
  /** Applies pending migrations, all or nothing, each exactly once however many processes start together. */
  migrate(): Promise<string[]>;
  /** How this database takes a people import all or nothing: the one write that differs between the two. */
  peopleImportTransaction(): PeopleImportTransaction;
  close(): Promise<void>;
}

type ServerConfig = Extract<DatabaseConfig, { kind: 'server' }>;
type EmbeddedConfig = Extract<DatabaseConfig, { kind: 'embedded' }>;

function open(config: ServerConfig): Promise<ServerDatabase>;
function open(config: EmbeddedConfig): Promise<EmbeddedDatabase>;
function open(config: DatabaseConfig): Promise<Database>;
async function open(config: DatabaseConfig): Promise<Database> {
  if (config.kind === 'server') return ServerDatabase.open(config);
  // PGlite and its WebAssembly build are loaded only by a process that runs on them: a server's has no use for them.
  const { EmbeddedDatabase } = await import('./embedded-database.js');
  return EmbeddedDatabase.open(config);
}

/** Opens the database that the configuration names. */
export const Database = { open };
