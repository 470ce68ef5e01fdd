import type { CommandModule } from 'yargs';
import { GetVisitStatistics } from '../../../core/visits/get-visit-statistics.js';
import { RecordVisit } from '../../../core/visits/record-visit.js';
import type { VisitStatistics } from '../../../core/visits/visit-statistics.js';
import type { CliServices } from '../cli-services.js';
import type { Output } from '../output.js';
import { withSession } from '../with-session.js';

const describeStatistics = (s: VisitStatistics) =>
  [
    `total visits:          ${s.totalVisits}`,
    `unique visitors:       ${s.uniqueVisitors}`,
    `visits today:          ${s.today.visits}`,
    `unique visitors today: ${s.today.uniqueVisitors}`,
  ].join('\n');

export function visitsCommand(services: CliServices, output: () => Output): CommandModule {
  return {
    command: 'visits <command>',
    describe: 'Record visits',
    builder: (yargs) =>
      yargs
        .command({
          command: 'record',
          describe: 'Record one visit',
          builder: (y) =>
            y.option('visitor', { type: 'string', describe: 'a stable identifier of the visitor', default: 'cli' }),
          handler: async (argv) => {
            const visit = { clientAddress: 'cli', userAgent: 'tally-cli', visitor: argv.visitor };
            const statistics = await withSession(services, (session) => session.useCases.get(RecordVisit).execute(visit));
            output().result(statistics, describeStatistics);
          },
        })
        .demandCommand(1, 'name a visits command: record'),
    handler: () => {},
  };
}

export function statsCommand(services: CliServices, output: () => Output): CommandModule {
  return {
    command: 'stats',
    describe: 'Show visit statistics',
    handler: async () => {
      const statistics = await withSession(services, (session) => session.useCases.get(GetVisitStatistics).execute());
      output().result(statistics, describeStatistics);
    },
  };
}
