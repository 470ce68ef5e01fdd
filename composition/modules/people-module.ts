import { ContainerModule } from 'inversify';
import { MikroOrmPeopleRepository } from '../../adapters/persistence/mikro-orm-people-repository.js';
import { CreatePerson } from '../../core/people/create-person.js';
import { DeletePerson } from '../../core/people/delete-person.js';
import { GetPerson } from '../../core/people/get-person.js';
import { ImportPeople } from '../../core/people/import-people.js';
import { ListPeople } from '../../core/people/list-people.js';
import { PEOPLE_IMPORT_TRANSACTION } from '../../core/people/people-import-transaction.js';
import { PEOPLE_REPOSITORY, type PeopleRepository } from '../../core/people/people-repository.js';
import { UpdatePerson } from '../../core/people/update-person.js';
import { CLOCK } from '../../core/shared/clock.js';
import { ID_GENERATOR } from '../../core/shared/id-generator.js';
import { bindUseCase } from './bind-use-case.js';

/** The import's transaction is the database's own (a COPY on a server): the system module binds it. */
export const peopleModule = new ContainerModule(({ bind }) => {
  bind<PeopleRepository>(PEOPLE_REPOSITORY).to(MikroOrmPeopleRepository);
  bindUseCase(bind, ListPeople, [PEOPLE_REPOSITORY]);
  bindUseCase(bind, GetPerson, [PEOPLE_REPOSITORY]);
  bindUseCase(bind, CreatePerson, [PEOPLE_REPOSITORY, ID_GENERATOR, CLOCK]);
  bindUseCase(bind, UpdatePerson, [PEOPLE_REPOSITORY]);
  bindUseCase(bind, DeletePerson, [PEOPLE_REPOSITORY]);
  bindUseCase(bind, ImportPeople, [PEOPLE_IMPORT_TRANSACTION, ID_GENERATOR, CLOCK]);
});
