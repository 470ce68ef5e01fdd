/** A command that ends unsuccessfully for a reason it can name, with the exit code that tells which. */
export class CommandFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CommandFailure';
  }
}
