import type { FieldIssue } from '../shared/validation-error.js';
import { ImportRejectedError, type LineIssue } from './import-rejected-error.js';
import type { ImportRow } from './import-row.js';
import { checkPerson, type PersonCandidate } from './person-rules.js';

/**
 * The verdict on an import's rows, built row by row: every bad line is counted, the first `reportLimit` problems
 * are kept for the report, so a file that is wrong throughout cannot exhaust memory.
 */
export class ImportCheck {
  private readonly issues: LineIssue[] = [];
  private badLines = 0;
  rowsRead = 0;

  constructor(private readonly reportLimit: number) {}

  /** Checks one row: its values when it is valid, or undefined (its problems are kept). */
  check(row: ImportRow): PersonCandidate | undefined {
    this.rowsRead += 1;
    const rowIssues = issuesOf(row);
    if (rowIssues.length === 0 && row.values !== undefined) return row.values;
    this.badLines += 1;
    const room = this.reportLimit - this.issues.length;
    this.issues.push(...rowIssues.slice(0, Math.max(room, 0)).map((issue) => ({ line: row.line, ...issue })));
    return undefined;
  }

  get rejected(): boolean {
    return this.badLines > 0;
  }

  throwIfRejected(): void {
    if (this.rejected) throw new ImportRejectedError(this.issues, this.badLines, this.rowsRead);
  }
}

/** The source's own findings first; core's checks only for the fields the source did not already fault. */
function issuesOf(row: ImportRow): FieldIssue[] {
  // The common case, a row the source read without complaint, goes straight to the rules: no copies per row.
  if (row.issues === undefined && row.values !== undefined) return checkPerson(row.values);
  const found = row.issues ?? [];
  if (row.values === undefined) return found.length > 0 ? [...found] : [{ field: 'row', message: 'could not be read' }];
  const faulted = new Set(found.map((issue) => issue.field));
  return [...found, ...checkPerson(row.values).filter((issue) => !faulted.has(issue.field))];
}
