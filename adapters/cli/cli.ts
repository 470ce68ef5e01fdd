import yargs from 'yargs';
import type { CliServices } from './cli-services.js';
import { CommandFailure } from './command-failure.js';
import { dbCommand } from './commands/db-commands.js';
import { formsCommand } from './commands/forms-commands.js';
import { peopleCommand } from './commands/people-commands.js';
import { serveCommand } from './commands/serve-command.js';
import { usersCommand } from './commands/users-commands.js';
import { versionCommand } from './commands/version-command.js';
import { statsCommand, visitsCommand } from './commands/visits-commands.js';
import { EXIT, EXIT_CODES_HELP, exitCodeOf } from './exit-codes.js';
import { Output } from './output.js';

/** Runs one command line and answers its exit code; the one place where CLI errors become exit codes. */
export async function runCli(args: readonly string[], services: CliServices): Promise<number> {
  let output = new Output(args.includes('--json'));
  const currentOutput = () => output;
  const parser = yargs([...args])
    .scriptName('tally')
    .usage('$0 <command> [options]')
    .option('json', { type: 'boolean', default: false, describe: 'machine-readable output' })
    .middleware((argv) => {
      output = new Output(Boolean(argv.json));
    })
    .command(serveCommand(services))
    .command(dbCommand(services, currentOutput))
    .command(usersCommand(services, currentOutput))
    .command(visitsCommand(services, currentOutput))
    .command(statsCommand(services, currentOutput))
    .command(formsCommand(services, currentOutput))
    .command(peopleCommand(services, currentOutput))
    .command(versionCommand(services, currentOutput))
    .demandCommand(1, 'name a command')
    .strict()
    .epilogue(EXIT_CODES_HELP)
    .version(false)
    .help()
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new CommandFailure(message, EXIT.usage);
    });
  try {
    await parser.parseAsync();
    return EXIT.ok;
  } catch (error) {
    const code = exitCodeOf(error);
    output.error(error, code);
    if (code === EXIT.usage) process.stderr.write('run "tally --help" for usage\n');
    return code;
  }
}
