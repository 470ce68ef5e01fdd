import { accessSync, constants, statSync } from 'node:fs';
import { repoPath } from './repo.js';

/**
 * Every `sh` step must call a script of the repository (`ci/x.sh [args]`), so the pipeline's logic can be
 * run and tested outside Jenkins. Returns the problems found, empty when every command is such a script.
 */
export function problemsWithShSteps(commands: string[]): string[] {
  const problems: string[] = [];
  for (const command of new Set(commands)) {
    const script = command.trim().split(/\s+/)[0] ?? '';
    if (!/^ci\/[\w.-]+\.sh$/.test(script)) {
      problems.push(`'${command}' does not call a ci/*.sh script`);
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
