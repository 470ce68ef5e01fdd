import type { CommandModule } from 'yargs';
import type { CliServices } from '../cli-services.js';

export function serveCommand(services: CliServices): CommandModule {
  return {
    command: 'serve',
    describe: 'Serve HTTP until SIGTERM or SIGINT',
    builder: (yargs) =>
      yargs.option('migrate', {
        type: 'boolean',
        default: false,
        describe: 'apply pending migrations before serving (the embedded database always does)',
      }),
    handler: (argv) => services.serve({ migrate: Boolean(argv.migrate) }),
  };
}
