import { type ChildProcess, spawn } from 'node:child_process';
import { freePort, waitForStatus } from '../../cli/free-port.js';
import { BUILT_TALLY } from '../../support/built-tally.js';
import { TEST_ENVIRONMENT } from '../../support/test-environment.js';

/** The built command line, as the image runs it (`npm run build` first). */
export const MAIN = BUILT_TALLY;

export const PROCESS_VISITOR_SALT = 'operations-visitor-salt-0123456789';

export interface TallyRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Collects a child's output and answers its exit code once its output has been read: 'exit' can come before the
 * last chunk of a pipe does (CI once parsed an empty stdout of `db migrate --json` that had exited 0), 'close'
 * comes after both.
 */
function watch(child: ChildProcess) {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<TallyRun>((resolve) =>
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? -1 : null), stdout, stderr })),
  );
  return { exited, stdout: () => stdout, stderr: () => stderr };
}

/** Runs `tally ARGS` as its own process and answers when it exits. */
export function runTallyProcess(args: readonly string[], env: NodeJS.ProcessEnv): Promise<TallyRun> {
  const child = spawn(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: 'pipe' });
  return watch(child).exited;
}

export interface ServerProcess {
  readonly base: string;
  readonly port: number;
  readonly child: ChildProcess;
  readonly exited: Promise<TallyRun>;
  /** The JSON log lines written so far. */
  logLines(): Record<string, unknown>[];
  stdout(): string;
  /** Waits until the log has `count` lines that `predicate` accepts. */
  waitForLog(predicate: (line: Record<string, unknown>) => boolean, count?: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<TallyRun>;
}

function parseLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Starts `tally serve ARGS` as its own process on a free port and waits until it is live. */
export async function startServerProcess(args: readonly string[], env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN, 'serve', ...args], {
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: String(port),
      VISITOR_SALT: PROCESS_VISITOR_SALT,
      LOG_FORMAT: 'json',
      ...TEST_ENVIRONMENT,
      ...env,
    },
    stdio: 'pipe',
  });
  const watched = watch(child);
  const base = `http://127.0.0.1:${port}`;
  const early = watched.exited.then((run) => {
    throw new Error(`tally serve exited with ${run.code} before it was live: ${run.stderr}${run.stdout}`);
  });
  await Promise.race([waitForStatus(`${base}/-/healthy`, 200, 30_000), early]);
  early.catch(() => {});
  return {
    base,
    port,
    child,
    exited: watched.exited,
    stdout: watched.stdout,
    logLines: () => parseLines(watched.stdout()),
    async waitForLog(predicate, count = 1, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (parseLines(watched.stdout()).filter(predicate).length < count) {
        if (Date.now() > deadline) throw new Error(`the log did not show ${count} expected lines within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return watched.exited;
    },
  };
}
