import { execFile } from 'node:child_process';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './repo.js';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command from the repository root and resolves with its exit code instead of rejecting. */
export function runCommand(
  file: string,
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { cwd: repoRoot, env: { ...process.env, ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    // Scripts get an empty stdin, as in CI: nothing may wait for input.
    child.stdin?.end();
  });
}

/**
 * A directory with fake `docker` / `kubectl` executables that log their arguments (one call per line) to
 * $STUB_LOG and answer from environment variables, so deploy scripts run for real without a cluster.
 */
export async function stubBin(stubs: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tally-stub-'));
  for (const [name, body] of Object.entries(stubs)) {
    const path = join(dir, name);
    await writeFile(path, `#!/usr/bin/env bash\necho "${name} $*" >>"$STUB_LOG"\n${body}\n`);
    await chmod(path, 0o755);
  }
  return dir;
}
