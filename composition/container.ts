import 'reflect-metadata';
import { Container } from 'inversify';
import { CopyPeopleImportTransaction } from '../adapters/persistence/copy-people-import-transaction.js';
import { Database } from '../adapters/persistence/database.js';
import { ENTITY_MANAGER } from '../adapters/persistence/entity-manager-token.js';
import { MikroOrmPeopleImportTransaction } from '../adapters/persistence/mikro-orm-people-import-transaction.js';
import { MikroOrmPeopleRepository } from '../adapters/persistence/mikro-orm-people-repository.js';
import { MikroOrmSubmissionRepository } from '../adapters/persistence/mikro-orm-submission-repository.js';
import { MikroOrmUserRepository } from '../adapters/persistence/mikro-orm-user-repository.js';
import { MikroOrmVisitRepository } from '../adapters/persistence/mikro-orm-visit-repository.js';
import { SystemClock } from '../adapters/system/system-clock.js';
import { UuidV7IdGenerator } from '../adapters/system/uuid-v7-id-generator.js';
import { ListSubmissions } from '../core/forms/list-submissions.js';
import { SUBMISSION_REPOSITORY, type SubmissionRepository } from '../core/forms/submission-repository.js';
import { SubmitForm } from '../core/forms/submit-form.js';
import { CreatePerson } from '../core/people/create-person.js';
import { DeletePerson } from '../core/people/delete-person.js';
import { GetPerson } from '../core/people/get-person.js';
import { ImportPeople } from '../core/people/import-people.js';
import { ListPeople } from '../core/people/list-people.js';
import { PEOPLE_IMPORT_TRANSACTION, type PeopleImportTransaction } from '../core/people/people-import-transaction.js';
import { PEOPLE_REPOSITORY, type PeopleRepository } from '../core/people/people-repository.js';
import { UpdatePerson } from '../core/people/update-person.js';
import { CLOCK, type Clock } from '../core/shared/clock.js';
import { ID_GENERATOR, type IdGenerator } from '../core/shared/id-generator.js';
import { GetUser } from '../core/users/get-user.js';
import { ListUsers } from '../core/users/list-users.js';
import { RegisterUser } from '../core/users/register-user.js';
import { USER_REPOSITORY, type UserRepository } from '../core/users/user-repository.js';
import { GetVisitHistory } from '../core/visits/get-visit-history.js';
import { GetVisitStatistics } from '../core/visits/get-visit-statistics.js';
import { RecordVisit } from '../core/visits/record-visit.js';
import { VISIT_REPOSITORY, type VisitRepository } from '../core/visits/visit-repository.js';
import { VISITOR_SALT, type VisitorSalt } from '../core/visits/visitor-salt.js';
import type { Config } from './config.js';
import { embeddedVisitorSalt } from './embedded-visitor-salt.js';
import { CONFIG, DATABASE } from './tokens.js';

/**
 * The one place that knows every part. Core's use cases carry no decorators, so they are bound here with
 * their dependencies named explicitly; the adapters declare theirs with `@inject`.
 */
export async function createContainer(config: Config): Promise<Container> {
  const salt =
    config.visitorSalt ??
    (config.database.kind === 'embedded' ? await embeddedVisitorSalt(config.database.dataDir) : undefined);
  if (salt === undefined) throw new Error('a visitor salt is required with a PostgreSQL server');
  const database = await Database.open(config.database);

  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(CONFIG).toConstantValue(config);
  container.bind(DATABASE).toConstantValue(database);
  container.bind(ENTITY_MANAGER).toConstantValue(database.em);
  container.bind<VisitorSalt>(VISITOR_SALT).toConstantValue({ value: salt });
  container.bind<Clock>(CLOCK).to(SystemClock);
  container.bind<IdGenerator>(ID_GENERATOR).to(UuidV7IdGenerator);
  container.bind<UserRepository>(USER_REPOSITORY).to(MikroOrmUserRepository);
  container.bind<VisitRepository>(VISIT_REPOSITORY).to(MikroOrmVisitRepository);
  container.bind<SubmissionRepository>(SUBMISSION_REPOSITORY).to(MikroOrmSubmissionRepository);
  container.bind<PeopleRepository>(PEOPLE_REPOSITORY).to(MikroOrmPeopleRepository);
  // A server takes an import as one COPY on a connection of its own; PGlite's one connection is MikroORM's.
  if (database.kind === 'server') {
    container.bind<PeopleImportTransaction>(PEOPLE_IMPORT_TRANSACTION).toConstantValue(new CopyPeopleImportTransaction(database));
  } else {
    container.bind<PeopleImportTransaction>(PEOPLE_IMPORT_TRANSACTION).to(MikroOrmPeopleImportTransaction);
  }

  container
    .bind(RegisterUser)
    .toResolvedValue(
      (users: UserRepository, ids: IdGenerator, clock: Clock) => new RegisterUser(users, ids, clock),
      [USER_REPOSITORY, ID_GENERATOR, CLOCK],
    );
  container.bind(ListUsers).toResolvedValue((users: UserRepository) => new ListUsers(users), [USER_REPOSITORY]);
  container.bind(GetUser).toResolvedValue((users: UserRepository) => new GetUser(users), [USER_REPOSITORY]);
  container
    .bind(RecordVisit)
    .toResolvedValue(
      (visits: VisitRepository, clock: Clock, visitorSalt: VisitorSalt) => new RecordVisit(visits, clock, visitorSalt),
      [VISIT_REPOSITORY, CLOCK, VISITOR_SALT],
    );
  container
    .bind(GetVisitStatistics)
    .toResolvedValue(
      (visits: VisitRepository, clock: Clock) => new GetVisitStatistics(visits, clock),
      [VISIT_REPOSITORY, CLOCK],
    );
  container
    .bind(GetVisitHistory)
    .toResolvedValue((visits: VisitRepository, clock: Clock) => new GetVisitHistory(visits, clock), [VISIT_REPOSITORY, CLOCK]);
  container
    .bind(SubmitForm)
    .toResolvedValue(
      (submissions: SubmissionRepository, ids: IdGenerator, clock: Clock) => new SubmitForm(submissions, ids, clock),
      [SUBMISSION_REPOSITORY, ID_GENERATOR, CLOCK],
    );
  container
    .bind(ListSubmissions)
    .toResolvedValue(
      (submissions: SubmissionRepository) => new ListSubmissions(submissions),
      [SUBMISSION_REPOSITORY],
    );
  container.bind(ListPeople).toResolvedValue((people: PeopleRepository) => new ListPeople(people), [PEOPLE_REPOSITORY]);
  container.bind(GetPerson).toResolvedValue((people: PeopleRepository) => new GetPerson(people), [PEOPLE_REPOSITORY]);
  container
    .bind(CreatePerson)
    .toResolvedValue(
      (people: PeopleRepository, ids: IdGenerator, clock: Clock) => new CreatePerson(people, ids, clock),
      [PEOPLE_REPOSITORY, ID_GENERATOR, CLOCK],
    );
  container
    .bind(UpdatePerson)
    .toResolvedValue((people: PeopleRepository) => new UpdatePerson(people), [PEOPLE_REPOSITORY]);
  container
    .bind(DeletePerson)
    .toResolvedValue((people: PeopleRepository) => new DeletePerson(people), [PEOPLE_REPOSITORY]);
  container
    .bind(ImportPeople)
    .toResolvedValue(
      (transaction: PeopleImportTransaction, ids: IdGenerator, clock: Clock) => new ImportPeople(transaction, ids, clock),
      [PEOPLE_IMPORT_TRANSACTION, ID_GENERATOR, CLOCK],
    );
  return container;
}
