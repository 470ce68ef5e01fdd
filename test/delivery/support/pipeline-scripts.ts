import { accessSync, constants, statSync } from 'node:fs';
import { repoPath } from './repo.js';

/**
 * Every `sh` step must be exactly a script of the repository (`ci/x.sh`, nothing added), so the pipeline's logic
 * can be run and tested outside Jenkins and no value — a credential least of all — is pasted into a command line:
 * scripts take their inputs from the environment. Returns the problems found, empty when every command is such a
 * script.
 */
export function problemsWithShSteps(commands: string[]): string[] {
  const problems: string[] = [];
  for (const command of new Set(commands)) {
    const script = command.trim();
    if (!/^ci\/[\w.-]+\.sh$/.test(script)) {
      problems.push(`'${command}' is not exactly one ci/*.sh script without arguments`);
      continue;
    }
    const path = repoPath(script);
    try {
      if (!statSync(path).isFile()) throw new Error('not a file');
      accessSync(path, constants.X_OK);
    } catch {
      problems.push(`${script} (from '${command}') is missing or not executable`);
    }
  }
  return problems;
}
