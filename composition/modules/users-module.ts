import { ContainerModule } from 'inversify';
import { MikroOrmUserRepository } from '../../adapters/persistence/mikro-orm-user-repository.js';
import { CLOCK } from '../../core/shared/clock.js';
import { ID_GENERATOR } from '../../core/shared/id-generator.js';
import { GetUser } from '../../core/users/get-user.js';
import { ListUsers } from '../../core/users/list-users.js';
import { RegisterUser } from '../../core/users/register-user.js';
import { USER_REPOSITORY, type UserRepository } from '../../core/users/user-repository.js';
import { bindUseCase } from './bind-use-case.js';

export const usersModule = new ContainerModule(({ bind }) => {
  bind<UserRepository>(USER_REPOSITORY).to(MikroOrmUserRepository);
  bindUseCase(bind, RegisterUser, [USER_REPOSITORY, ID_GENERATOR, CLOCK]);
  bindUseCase(bind, ListUsers, [USER_REPOSITORY]);
  bindUseCase(bind, GetUser, [USER_REPOSITORY]);
});
