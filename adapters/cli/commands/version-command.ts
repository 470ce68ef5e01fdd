import type { CommandModule } from 'yargs';
import type { CliServices } from '../cli-services.js';
import type { Output } from '../output.js';

export function versionCommand(services: CliServices, output: () => Output): CommandModule {
  return {
    command: 'version',
    describe: 'Show the version, CI build number and commit',
    handler: () => {
      output().result(services.version(), (v) => `tally ${v.version} (build ${v.build}, commit ${v.commit})`);
    },
  };
}
