import { ValidationError } from '../../core/shared/validation-error.js';

/** Where a command writes: JSON on stdout for machines, or lines for people. */
export class Output {
  constructor(
    readonly json: boolean,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly stderr: NodeJS.WritableStream = process.stderr,
  ) {}

  /** `human` renders the same value for people. */
  result<T>(value: T, human: (value: T) => string): void {
    this.stdout.write(this.json ? `${JSON.stringify(value)}\n` : `${human(value)}\n`);
  }

  error(error: unknown, exitCode: number): void {
    const message = error instanceof Error ? error.message : String(error);
    const issues = error instanceof ValidationError ? error.issues : undefined;
    if (this.json) {
      this.stderr.write(`${JSON.stringify({ error: message, exitCode, ...(issues ? { errors: issues } : {}) })}\n`);
      return;
    }
    const lines = issues ? issues.map((issue) => `  ${issue.field}: ${issue.message}`) : [];
    this.stderr.write(`tally: ${issues ? 'invalid input' : message}\n${lines.map((line) => `${line}\n`).join('')}`);
  }
}
