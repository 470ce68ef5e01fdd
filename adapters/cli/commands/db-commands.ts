import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandModule } from 'yargs';
import type { CliServices, CliSession } from '../cli-services.js';
import { CommandFailure } from '../command-failure.js';
import { EXIT } from '../exit-codes.js';
import type { Output } from '../output.js';
import { withSession } from '../with-session.js';

/** Pings with exponential backoff (0.25 s doubling to 5 s) until the database answers or time runs out. */
async function waitForDatabase(session: CliSession, timeoutSeconds: number): Promise<number> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let delay = 250;
  for (let attempt = 1; ; attempt++) {
    try {
      await session.ping();
      return attempt;
    } catch (error) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new CommandFailure(
          `database did not answer within ${timeoutSeconds}s: ${(error as Error).message}`,
          EXIT.unavailable,
        );
      }
      await sleep(Math.min(delay, remaining));
      delay = Math.min(delay * 2, 5000);
    }
  }
}

/** The db commands see the schema as it is: opening must not migrate it first, or they could not report on it. */
const AS_FOUND = { schema: 'as-found' } as const;

export function dbCommand(services: CliServices, output: () => Output): CommandModule {
  return {
    command: 'db <command>',
    describe: 'Database lifecycle: migrate, status, wait',
    builder: (yargs) =>
      yargs
        .command({
          command: 'migrate',
          describe: 'Apply pending migrations',
          handler: async () => {
            const applied = await withSession(services, (session) => session.migrate(), AS_FOUND);
            output().result({ applied }, ({ applied: names }) =>
              names.length === 0 ? 'no pending migrations' : names.map((name) => `applied ${name}`).join('\n'),
            );
          },
        })
        .command({
          command: 'status',
          describe: 'List pending migrations; exits 8 while any are pending',
          handler: async () => {
            const pending = await withSession(services, (session) => session.pendingMigrations(), AS_FOUND);
            output().result({ pending }, ({ pending: names }) =>
              names.length === 0 ? 'schema is up to date' : names.map((name) => `pending ${name}`).join('\n'),
            );
            if (pending.length > 0) {
              throw new CommandFailure(`${pending.length} migration(s) pending`, EXIT.migrationsPending);
            }
          },
        })
        .command({
          command: 'wait',
          describe: 'Wait until the database answers',
          builder: (y) => y.option('timeout', { type: 'number', default: 60, describe: 'seconds to wait at most' }),
          handler: async (argv) => {
            if (!(argv.timeout > 0)) throw new CommandFailure('--timeout must be a positive number', EXIT.usage);
            const attempts = await withSession(services, (session) => waitForDatabase(session, argv.timeout), AS_FOUND);
            output().result({ ready: true, attempts }, () => `database is ready (after ${attempts} attempt(s))`);
          },
        })
        .demandCommand(1, 'name a db command: migrate, status or wait'),
    handler: () => {},
  };
}
