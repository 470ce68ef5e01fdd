import { afterAll, beforeAll } from 'vitest';
import { MikroOrmPeopleRepository } from '../../adapters/persistence/mikro-orm-people-repository.js';
import { MikroOrmSubmissionRepository } from '../../adapters/persistence/mikro-orm-submission-repository.js';
import { MikroOrmUserRepository } from '../../adapters/persistence/mikro-orm-user-repository.js';
import { MikroOrmVisitRepository } from '../../adapters/persistence/mikro-orm-visit-repository.js';
import { InMemoryPeopleRepository } from '../fakes/in-memory-people-repository.js';
import { InMemorySubmissionRepository } from '../fakes/in-memory-submission-repository.js';
import { InMemoryUserRepository } from '../fakes/in-memory-user-repository.js';
import { InMemoryVisitRepository } from '../fakes/in-memory-visit-repository.js';
import { openTestDatabase, type OpenTestDatabase } from '../persistence/open-test-database.js';
import { peopleRepositoryContract } from './people-repository-contract.js';
import { submissionRepositoryContract } from './submission-repository-contract.js';
import { userRepositoryContract } from './user-repository-contract.js';
import { visitRepositoryContract } from './visit-repository-contract.js';

/**
 * Each repository port's contract, run against the in-memory fake that core's tests use and against the MikroORM
 * repository on real PostgreSQL, so the fakes cannot drift from what the database does.
 */
let db: OpenTestDatabase;

beforeAll(async () => {
  db = await openTestDatabase();
});

afterAll(async () => {
  await db?.close();
});

/** A repository on the emptied test database. */
function onEmptyDatabase<Repository>(create: () => Repository): () => Promise<Repository> {
  return async () => {
    await db.database.em.execute('truncate user_account, form_submission, person, visit, visitor, visitor_day, visit_counter');
    return create();
  };
}

userRepositoryContract('in memory', async () => new InMemoryUserRepository());
userRepositoryContract('MikroORM on PostgreSQL', onEmptyDatabase(() => new MikroOrmUserRepository(db.database.em)));

submissionRepositoryContract('in memory', async () => new InMemorySubmissionRepository());
submissionRepositoryContract('MikroORM on PostgreSQL', onEmptyDatabase(() => new MikroOrmSubmissionRepository(db.database.em)));

peopleRepositoryContract('in memory', async () => new InMemoryPeopleRepository());
peopleRepositoryContract('MikroORM on PostgreSQL', onEmptyDatabase(() => new MikroOrmPeopleRepository(db.database.em)));

visitRepositoryContract('in memory', async () => new InMemoryVisitRepository());
visitRepositoryContract('MikroORM on PostgreSQL', onEmptyDatabase(() => new MikroOrmVisitRepository(db.database.em)));
