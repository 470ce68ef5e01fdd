import { beforeAll, describe, expect, it } from 'vitest';
import { resultOf, runScenarios, stepsNamed, type Scenario, type ScenarioResult } from './support/pipeline-harness.js';

// Small inline pipelines that pin down how the harness behaves, so the Jenkinsfile tests can trust it.
const scenarios: Scenario[] = [
  { name: 'unknown step', script: "node {\n  stage('A') {\n    shh 'ci/x.sh'\n  }\n}" },
  { name: 'sleep in a closure', script: "node {\n  stage('Wait') {\n    sleep 30\n    sleep(time: 5, unit: 'MINUTES')\n  }\n}" },
  { name: 'env reads', script: "echo \"unset=${env.NOT_SET}\"\necho \"bare=${BRANCH_NAME}\"", env: { BRANCH_NAME: 'main' } },
  { name: 'bare unset name', script: "echo 'first'\necho \"${NOT_SET}\"" },
  { name: 'result only worsens', script: "currentBuild.result = 'FAILURE'\ncurrentBuild.result = 'UNSTABLE'\necho currentBuild.currentResult" },
  {
    name: 'withEnv and withCredentials restore',
    env: { PATH: '/usr/bin', A: 'outer' },
    script: [
      "withEnv(['A=inner', 'PATH+NODE=/node/bin']) {",
      '  withCredentials([string(credentialsId: \'token-id\', variable: \'TOKEN\')]) { sh \'ci/inside.sh\' }',
      '}',
      "sh 'ci/outside.sh'",
    ].join('\n'),
  },
  { name: 'failing sh', script: "try { sh 'ci/fails.sh' } catch (hudson.AbortException e) { echo \"caught: ${e.message}\" }\nsh 'ci/fails.sh'", sh: [{ command: 'ci/fails.sh', exitCode: 3 }] },
  { name: 'sh return values', script: "echo sh(script: 'ci/status.sh', returnStatus: true).toString()\necho sh(script: 'ci/out.sh', returnStdout: true)", sh: [{ command: 'ci/status.sh', exitCode: 4 }, { command: 'ci/out.sh', stdout: 'hello' }] },
  { name: 'rules match whole commands', script: "sh 'ci/fails.sh --force'", sh: [{ command: 'ci/fails.sh', exitCode: 3 }] },
  {
    name: 'secret interpolated',
    script: [
      "withCredentials([usernamePassword(credentialsId: 'registry', usernameVariable: 'USER', passwordVariable: 'PASSWORD')]) {",
      '  sh "ci/push-image.sh ${PASSWORD}"',
      '}',
    ].join('\n'),
  },
  {
    name: 'secret through env interpolated',
    script: "withCredentials([string(credentialsId: 'token', variable: 'TOKEN')]) {\n  sh \"TOKEN=${env.TOKEN} ci/x.sh\"\n}",
  },
  {
    name: 'secret read by the shell',
    script: "withCredentials([string(credentialsId: 'token', variable: 'TOKEN')]) {\n  sh 'ci/x.sh \"$TOKEN\"'\n}",
  },
  { name: 'abort while a script runs', script: "try { sh 'ci/long.sh' } finally { echo 'cleanup' }\necho 'never'", sh: [{ command: 'ci/long.sh', abort: true }] },
  { name: 'blocks', script: "lock('x') {\n  node {\n    stage('S') { sh 'ci/a.sh' }\n  }\n}\ninput message: 'Go?'" },
  { name: 'readFile', script: "echo readFile('build/x').trim()", files: { 'build/x': 'hello\n' } },
  { name: 'refused input', script: "stage('Approve') { input message: 'Go?' }\necho 'never'", input: 'abort' },
];

let results: Map<string, ScenarioResult>;
beforeAll(async () => {
  results = await runScenarios(scenarios);
});

function echoes(name: string): string[] {
  return stepsNamed(resultOf(results, name), 'echo').map((call) => String(call.args[0]));
}

describe('the Groovy pipeline harness', () => {
  it('fails loudly on an unknown step, naming its line', () => {
    const result = resultOf(results, 'unknown step');
    expect(result.result).toBe('FAILURE');
    expect(result.error).toEqual({ type: 'UnknownStepException', message: "Unknown pipeline step 'shh' at unknown step:3" });
  });

  it('records sleep as a step instead of really sleeping, also inside closures', () => {
    const result = resultOf(results, 'sleep in a closure');
    expect(result.result).toBe('SUCCESS');
    expect(stepsNamed(result, 'sleep').map((call) => call.args)).toEqual([[30], [{ time: 5, unit: 'MINUTES' }]]);
  });

  it('reads unset env names as null and bare names from env, like Jenkins', () => {
    expect(echoes('env reads')).toEqual(['unset=null', 'bare=main']);
    const bare = resultOf(results, 'bare unset name');
    expect(bare.error?.message).toContain('No such property: NOT_SET');
    expect(bare.error?.message).toContain(':2');
  });

  it('lets currentBuild.result get worse, never better', () => {
    expect(echoes('result only worsens')).toEqual(['FAILURE']);
    expect(resultOf(results, 'result only worsens').result).toBe('FAILURE');
  });

  it('sets variables for withEnv and withCredentials bodies and restores them afterwards', () => {
    const [inside, outside] = stepsNamed(resultOf(results, 'withEnv and withCredentials restore'), 'sh');
    expect(inside?.env).toMatchObject({ A: 'inner', PATH: '/node/bin:/usr/bin' });
    expect(inside?.env?.TOKEN).toContain('token-id');
    expect(outside?.env).toEqual({ A: 'outer', PATH: '/usr/bin' });
  });

  it('throws hudson.AbortException from a failing sh, which a pipeline may catch', () => {
    const result = resultOf(results, 'failing sh');
    expect(echoes('failing sh')).toEqual(['caught: script returned exit code 3']);
    expect(result.error).toEqual({ type: 'hudson.AbortException', message: 'script returned exit code 3' });
  });

  it('returns the exit status or the output of sh when asked', () => {
    expect(echoes('sh return values')).toEqual(['4', 'hello']);
  });

  it('matches canned sh results against the whole command, not a part of it', () => {
    expect(resultOf(results, 'rules match whole commands').result).toBe('SUCCESS');
  });

  it('fails a build that interpolates a credential into an sh command, naming the line', () => {
    for (const name of ['secret interpolated', 'secret through env interpolated']) {
      const result = resultOf(results, name);
      expect(result.result, name).toBe('FAILURE');
      expect(result.error?.type, name).toBe('SecretInterpolationException');
      expect(result.error?.message, name).toContain(`${name}:2`);
      expect(stepsNamed(result, 'sh'), name).toEqual([]);
    }
    expect(resultOf(results, 'secret read by the shell').result).toBe('SUCCESS');
  });

  it('aborts the build while a script runs when a rule says so, running finally blocks', () => {
    const result = resultOf(results, 'abort while a script runs');
    expect(result.result).toBe('ABORTED');
    expect(echoes('abort while a script runs')).toEqual(['cleanup']);
  });

  it('records the blocks each step ran in, outermost first', () => {
    const result = resultOf(results, 'blocks');
    expect(stepsNamed(result, 'sh')[0]?.within).toEqual(['lock', 'node', 'stage']);
    expect(stepsNamed(result, 'input')[0]?.within).toEqual([]);
  });

  it('answers readFile from the scenario', () => {
    expect(echoes('readFile')).toEqual(['hello']);
  });

  it('aborts the build with FlowInterruptedException when an input is refused', () => {
    const result = resultOf(results, 'refused input');
    expect(result.result).toBe('ABORTED');
    expect(result.error?.type).toBe('org.jenkinsci.plugins.workflow.steps.FlowInterruptedException');
    expect(echoes('refused input')).toEqual([]);
  });
});
