import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoPath, repoRoot } from './repo.js';

const run = promisify(execFile);

export interface ShRule {
  /** The whole `sh` command this rule answers (compared after trimming): a command with anything added misses it. */
  command: string;
  exitCode?: number;
  stdout?: string;
  /** The build is aborted (FlowInterruptedException) while this command runs. */
  abort?: boolean;
}

export interface Scenario {
  name: string;
  /** A Jenkinsfile path relative to the repository root, or an inline script. */
  file?: string;
  script?: string;
  env?: Record<string, string>;
  params?: Record<string, string | boolean>;
  sh?: ShRule[];
  input?: 'approve' | 'abort';
  /** What `readFile` answers, by path. */
  files?: Record<string, string>;
}

export interface StepCall {
  step: string;
  stage: string | null;
  args: unknown[];
  /** The blocks the step ran in, outermost first: ['timeout', 'node', 'withEnv', 'withCredentials', 'stage']. */
  within: string[];
  env?: Record<string, string>;
}

export interface ScenarioResult {
  name: string;
  result: 'SUCCESS' | 'UNSTABLE' | 'FAILURE' | 'NOT_BUILT' | 'ABORTED' | 'NOT_RUN';
  error: { type: string; message: string } | null;
  steps: StepCall[];
}

const javaHome = process.env.JAVA_HOME ?? '/usr/lib/jvm/java-17-openjdk-amd64';

/** Runs every scenario in one Groovy 2.4 JVM (test/delivery/harness) and returns the results by name. */
export async function runScenarios(scenarios: Scenario[]): Promise<Map<string, ScenarioResult>> {
  const dir = await mkdtemp(join(tmpdir(), 'tally-pipeline-'));
  try {
    const input = join(dir, 'scenarios.json');
    const output = join(dir, 'results.json');
    await writeFile(input, JSON.stringify(scenarios));
    await run('groovy', ['-cp', repoPath('test/delivery/harness'), repoPath('test/delivery/harness/run-scenarios.groovy'), input, output], {
      cwd: repoRoot,
      env: { ...process.env, JAVA_HOME: javaHome },
    });
    const results = JSON.parse(await readFile(output, 'utf8')) as ScenarioResult[];
    return new Map(results.map((result) => [result.name, result]));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function resultOf(results: Map<string, ScenarioResult>, name: string): ScenarioResult {
  const result = results.get(name);
  if (!result) throw new Error(`no result for scenario '${name}'`);
  return result;
}

export function stagesRun(result: ScenarioResult): string[] {
  return result.steps.filter((call) => call.step === 'stage').map((call) => String(call.args[0]));
}

export function stepsNamed(result: ScenarioResult, step: string): StepCall[] {
  return result.steps.filter((call) => call.step === step);
}

/** The command of an `sh` call, whether it was `sh 'x'` or `sh(script: 'x', ...)`. */
export function shCommand(call: StepCall): string {
  const first = call.args[0];
  if (typeof first === 'string') return first;
  return String((first as { script: unknown }).script);
}

export function shCommands(result: ScenarioResult): string[] {
  return stepsNamed(result, 'sh').map(shCommand);
}
