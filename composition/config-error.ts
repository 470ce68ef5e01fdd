import { EXIT } from '../adapters/cli/exit-codes.js';

/** Configuration that cannot be used; each line names one variable and what is wrong with it. */
export class ConfigError extends Error {
  readonly exitCode = EXIT.configuration;

  constructor(readonly problems: readonly string[]) {
    super(`bad configuration:\n${problems.map((line) => `  ${line}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
