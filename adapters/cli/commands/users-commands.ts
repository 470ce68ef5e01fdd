import type { CommandModule } from 'yargs';
import { ListUsers } from '../../../core/users/list-users.js';
import { RegisterUser } from '../../../core/users/register-user.js';
import type { User } from '../../../core/users/user.js';
import type { CliServices } from '../cli-services.js';
import type { Output } from '../output.js';
import { withSession } from '../with-session.js';

const describeUser = (user: User) => `${user.id}  ${user.username}  ${user.email}  ${user.createdAt.toISOString()}`;

export function usersCommand(services: CliServices, output: () => Output): CommandModule {
  return {
    command: 'users <command>',
    describe: 'Register and list users',
    builder: (yargs) =>
      yargs
        .command({
          command: 'register',
          describe: 'Register a user',
          builder: (y) =>
            y
              .option('username', { type: 'string', demandOption: true, describe: '3–32 of a-z 0-9 _ . -' })
              .option('email', { type: 'string', demandOption: true, describe: 'a valid address' }),
          handler: async (argv) => {
            const user = await withSession(services, (session) =>
              session.useCases.get(RegisterUser).execute({ username: String(argv.username), email: String(argv.email) }),
            );
            output().result(user, (registered) => `registered ${describeUser(registered)}`);
          },
        })
        .command({
          command: 'list',
          describe: 'List users, newest first',
          builder: (y) =>
            y
              .option('limit', { type: 'number', default: 50, describe: '1–500 users per page' })
              .option('cursor', { type: 'string', describe: 'the nextCursor of the previous page' }),
          handler: async (argv) => {
            const page = await withSession(services, (session) =>
              session.useCases.get(ListUsers).execute({
                limit: argv.limit,
                ...(argv.cursor === undefined ? {} : { cursor: argv.cursor }),
              }),
            );
            output().result(page, ({ items, nextCursor }) =>
              [...items.map(describeUser), ...(nextCursor ? [`next page: --cursor ${nextCursor}`] : [])].join('\n'),
            );
          },
        })
        .demandCommand(1, 'name a users command: register or list'),
    handler: () => {},
  };
}
