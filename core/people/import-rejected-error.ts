import { ValidationError } from '../shared/validation-error.js';

/** One broken rule on one line of an import; `field` names a person's field, which adapters map to their column. */
export interface LineIssue {
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

/**
 * The import wrote nothing because some lines are bad. `issues` lists at most the first `reportLimit` problems,
 * so a file that is wrong throughout cannot exhaust memory; `badLines` counts every bad line all the same.
 */
export class ImportRejectedError extends ValidationError {
  constructor(
    readonly lineIssues: readonly LineIssue[],
    readonly badLines: number,
    readonly rowsRead: number,
  ) {
    super(lineIssues.map((issue) => ({ field: `line ${issue.line}: ${issue.field}`, message: issue.message })));
    this.name = 'ImportRejectedError';
    this.message = `${badLines} of ${rowsRead} rows are not valid; nothing was imported`;
  }
}
