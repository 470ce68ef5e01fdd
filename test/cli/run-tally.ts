import { vi } from 'vitest';
import { runCli } from '../../adapters/cli/cli.js';
import { createCliServices } from '../../composition/cli-services.js';

export const TEST_VISITOR_SALT = 'cli-test-visitor-salt-0123456789';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one command line in this process, exactly as `main.ts` does, capturing what it writes. */
export async function runTally(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await runCli(args, createCliServices(env));
    const text = (spy: typeof stdout) => spy.mock.calls.map(([chunk]) => String(chunk)).join('');
    return { code, stdout: text(stdout), stderr: text(stderr) };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}
