import type { CommandModule } from 'yargs';
import { SubmitForm } from '../../../core/forms/submit-form.js';
import type { CliServices } from '../cli-services.js';
import type { Output } from '../output.js';
import { withSession } from '../with-session.js';

export function formsCommand(services: CliServices, output: () => Output): CommandModule {
  return {
    command: 'forms <command>',
    describe: 'Submit the form',
    builder: (yargs) =>
      yargs
        .command({
          command: 'submit',
          describe: 'Submit the form once',
          builder: (y) =>
            y
              .option('name', { type: 'string', demandOption: true })
              .option('favorite-color', { type: 'string', demandOption: true })
              .option('pet', { type: 'string', demandOption: true, choices: ['cats', 'dogs'] }),
          handler: async (argv) => {
            const submission = await withSession(services, (session) =>
              session.useCases.get(SubmitForm).execute({
                name: String(argv.name),
                favoriteColor: String(argv.favoriteColor),
                pet: String(argv.pet),
              }),
            );
            output().result(submission, (saved) => `saved submission ${saved.id}`);
          },
        })
        .demandCommand(1, 'name a forms command: submit'),
    handler: () => {},
  };
}
