import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { CommandModule } from 'yargs';
import { ImportPeople, type ImportRow, type ImportSummary } from '../../../core/people/import-people.js';
import { ImportRejectedError } from '../../../core/people/import-rejected-error.js';
import { type FieldIssue, ValidationError } from '../../../core/shared/validation-error.js';
import type { CliServices } from '../cli-services.js';
import { CommandFailure } from '../command-failure.js';
import { EXIT } from '../exit-codes.js';
import { ImportProgress } from '../import-progress.js';
import type { Output } from '../output.js';
import { columnOf, PEOPLE_CSV_HEADER, PeopleCsvError, readPeopleCsv } from '../people-csv.js';
import { withSession } from '../with-session.js';

/** A rejected import, told in the file's terms: each issue names its line and CSV column (also as JSON fields). */
class CsvImportRejected extends ValidationError {
  constructor(file: string, rejected: ImportRejectedError) {
    const issues = rejected.lineIssues.map((issue): FieldIssue & { line: number; column?: string } => {
      const column = columnOf(issue.field);
      return {
        field: column === undefined ? `line ${issue.line}` : `line ${issue.line}, ${column}`,
        message: issue.message,
        line: issue.line,
        ...(column === undefined ? {} : { column }),
      };
    });
    super(issues);
    const listed = rejected.lineIssues.length;
    const partial = rejected.badLines > new Set(rejected.lineIssues.map((issue) => issue.line)).size;
    this.message =
      `${file}: ${rejected.badLines} of ${rejected.rowsRead} rows are not valid; nothing was imported` +
      (partial ? ` (the first ${listed} problems are listed)` : '');
  }
}

function asImportFailure(error: unknown, file: string): unknown {
  if (error instanceof ImportRejectedError) return new CsvImportRejected(file, error);
  if (error instanceof PeopleCsvError) {
    const where = error.line === undefined ? file : `${file} line ${error.line}`;
    return new CommandFailure(`${where}: ${error.message}`, EXIT.invalidInput);
  }
  return error;
}

async function* counted(rows: AsyncIterable<ImportRow>, progress: ImportProgress): AsyncGenerator<ImportRow> {
  for await (const row of rows) {
    progress.row();
    yield row;
  }
}

const describeSummary = (file: string) => (summary: ImportSummary) =>
  summary.dryRun
    ? `${file}: all ${summary.rowsRead} rows are valid (dry run: nothing was written)`
    : `imported ${summary.imported} people from ${file}`;

export function peopleCommand(services: CliServices, output: () => Output): CommandModule {
  return {
    command: 'people <command>',
    describe: 'Manage the people directory',
    builder: (yargs) =>
      yargs
        .command({
          command: 'import <file>',
          describe: `Import a CSV file with the header ${PEOPLE_CSV_HEADER}: all rows or none; exits 4 naming every bad line`,
          builder: (y) =>
            y
              .positional('file', { type: 'string', demandOption: true, describe: 'the CSV file' })
              .option('dry-run', { type: 'boolean', default: false, describe: 'validate every row, write nothing' }),
          handler: async (argv) => {
            const file = String(argv.file);
            const out = output();
            const size = await stat(file).then(
              (stats) => stats.size,
              (error: Error) => Promise.reject(new CommandFailure(`cannot read ${file}: ${error.message}`, EXIT.invalidInput)),
            );
            const input = createReadStream(file);
            // Progress is for a person watching a terminal; scripts and --json get only the result.
            const progress =
              !out.json && process.stderr.isTTY ? new ImportProgress(process.stderr, size, () => input.bytesRead) : undefined;
            const rows = progress ? counted(readPeopleCsv(input), progress) : readPeopleCsv(input);
            let summary: ImportSummary;
            try {
              summary = await withSession(services, (session) =>
                session.useCases.get(ImportPeople).execute(rows, { dryRun: Boolean(argv.dryRun) }),
              );
            } catch (error) {
              const failure = asImportFailure(error, file);
              if (failure instanceof CsvImportRejected && !out.json) process.stderr.write(`tally: ${failure.message}\n`);
              throw failure;
            } finally {
              progress?.done();
              input.destroy();
            }
            out.result(summary, describeSummary(file));
          },
        })
        .demandCommand(1, 'name a people command: import'),
    handler: () => {},
  };
}
