import { beforeAll, describe, expect, it } from 'vitest';
import {
  resultOf,
  runScenarios,
  shCommands,
  stagesRun,
  stepsNamed,
  type Scenario,
  type ScenarioResult,
} from './support/pipeline-harness.js';
import { problemsWithShSteps } from './support/pipeline-scripts.js';

const commit = '0123456789abcdef0123456789abcdef01234567';
const digest = `sha256:${'cd'.repeat(32)}`;
const baseEnv = { BUILD_NUMBER: '42', GIT_COMMIT_FROM_SCM: commit, PATH: '/usr/bin', JOB_NAME: 'tally' };
const imageTag = { command: 'ci/image-tag.sh', stdout: `${commit}\n` };

function scenario(name: string, env: Record<string, string>, extra: Partial<Scenario> = {}): Scenario {
  return {
    name,
    file: 'Jenkinsfile',
    env: { ...baseEnv, ...env },
    params: { DEPLOY_DEVELOPMENT: true },
    sh: [imageTag],
    files: { 'build/image-digest': `${digest}\n` },
    ...extra,
  };
}

const scenarios: Scenario[] = [
  scenario('main', { BRANCH_NAME: 'main' }),
  scenario('feature branch', { BRANCH_NAME: 'feature/faster-stats' }),
  scenario('pull request', { BRANCH_NAME: 'PR-17', CHANGE_ID: '17' }),
  scenario('release tag', { BRANCH_NAME: 'v1.4.0', TAG_NAME: 'v1.4.0' }),
  scenario('main without deploy', { BRANCH_NAME: 'main' }, { params: { DEPLOY_DEVELOPMENT: false } }),
  scenario('failing tests', { BRANCH_NAME: 'main', FAILURE_MAIL_TO: 'team@example.com' }, {
    sh: [imageTag, { command: 'ci/test.sh', exitCode: 1 }],
  }),
  scenario('failing image build', { BRANCH_NAME: 'main' }, { sh: [imageTag, { command: 'ci/build-image.sh', exitCode: 1 }] }),
];

let results: Map<string, ScenarioResult>;
beforeAll(async () => {
  results = await runScenarios(scenarios);
});

describe('Jenkinsfile (build job)', () => {
  it('runs every stage in order on main, ending with the development deploy', () => {
    const main = resultOf(results, 'main');
    expect(main.error).toBeNull();
    expect(main.result).toBe('SUCCESS');
    expect(stagesRun(main)).toEqual([
      'Checkout',
      'Install',
      'Lint & typecheck',
      'Test',
      'Build image',
      'Push',
      'Deploy development',
    ]);
  });

  it('builds but neither pushes nor deploys a feature branch or a pull request', () => {
    for (const name of ['feature branch', 'pull request']) {
      const result = resultOf(results, name);
      expect(result.result, name).toBe('SUCCESS');
      expect(stagesRun(result), name).toEqual(['Checkout', 'Install', 'Lint & typecheck', 'Test', 'Build image']);
      expect(stepsNamed(result, 'build'), name).toEqual([]);
    }
  });

  it('pushes a release tag without deploying it (staging and production are promoted by hand)', () => {
    const tag = resultOf(results, 'release tag');
    expect(tag.result).toBe('SUCCESS');
    expect(stagesRun(tag)).toContain('Push');
    expect(stagesRun(tag)).not.toContain('Deploy development');
  });

  it('skips the development deploy when the parameter says so', () => {
    const result = resultOf(results, 'main without deploy');
    expect(stagesRun(result)).toContain('Push');
    expect(stagesRun(result)).not.toContain('Deploy development');
  });

  it('tags the image with its commit and hands build number and commit to the build script', () => {
    const main = resultOf(results, 'main');
    const build = stepsNamed(main, 'sh').find((call) => call.stage === 'Build image');
    expect(build?.env).toMatchObject({ IMAGE_TAG: commit, BUILD_NUMBER: '42', GIT_COMMIT: commit });
    expect(build?.env?.IMAGE_REPOSITORY).toMatch(/\/tally$/);
    // The NodeJS tool's bin directory is prepended to PATH.
    expect(build?.env?.PATH).toBe('/var/jenkins/tools/node-24/bin:/usr/bin');
  });

  it('pushes with the registry credentials by id, visible only inside the Push stage', () => {
    const main = resultOf(results, 'main');
    const [credentials] = stepsNamed(main, 'usernamePassword');
    expect(credentials?.args[0]).toMatchObject({
      credentialsId: 'tally-registry',
      usernameVariable: 'REGISTRY_USER',
      passwordVariable: 'REGISTRY_PASSWORD',
    });
    const push = stepsNamed(main, 'sh').find((call) => call.stage === 'Push');
    expect(push?.env?.REGISTRY_PASSWORD).toBeTruthy();
    const afterPush = stepsNamed(main, 'sh').filter((call) => call.stage !== 'Push');
    for (const call of afterPush) expect(call.env?.REGISTRY_PASSWORD).toBeUndefined();
  });

  it('triggers the deploy job for development with the tag and the digest it pushed, without waiting for it', () => {
    const main = resultOf(results, 'main');
    expect(stepsNamed(main, 'readFile').map((call) => call.args[0])).toEqual(['build/image-digest']);
    const [trigger] = stepsNamed(main, 'build');
    expect(trigger?.args[0]).toEqual({
      job: 'tally-deploy',
      wait: false,
      parameters: [
        { step: 'string', args: [{ name: 'ENVIRONMENT', value: 'development' }] },
        { step: 'string', args: [{ name: 'IMAGE_TAG', value: commit }] },
        { step: 'string', args: [{ name: 'IMAGE_DIGEST', value: digest }] },
      ],
    });
  });

  it('declares a build discarder, parameters and a timeout', () => {
    const main = resultOf(results, 'main');
    expect(stepsNamed(main, 'buildDiscarder')).toHaveLength(1);
    expect(stepsNamed(main, 'disableConcurrentBuilds')).toHaveLength(1);
    expect(stepsNamed(main, 'parameters')).toHaveLength(1);
    const [timeout] = stepsNamed(main, 'timeout');
    expect(timeout?.args[0]).toMatchObject({ unit: 'MINUTES' });
  });

  it('publishes JUnit and coverage even when the tests fail, then stops and notifies', () => {
    const failed = resultOf(results, 'failing tests');
    expect(failed.result).toBe('FAILURE');
    expect(failed.error?.type).toBe('hudson.AbortException');
    expect(stagesRun(failed)).toEqual(['Checkout', 'Install', 'Lint & typecheck', 'Test']);
    expect(stepsNamed(failed, 'junit')[0]?.args[0]).toMatchObject({ testResults: 'reports/junit.xml' });
    expect(stepsNamed(failed, 'recordCoverage')).toHaveLength(1);
    const [mail] = stepsNamed(failed, 'mail');
    expect(mail?.args[0]).toMatchObject({ to: 'team@example.com' });
    expect(JSON.stringify(mail?.args)).toContain("failed in stage 'Test'");
  });

  it('pushes nothing when the image does not build', () => {
    const failed = resultOf(results, 'failing image build');
    expect(failed.result).toBe('FAILURE');
    expect(stagesRun(failed)).not.toContain('Push');
    expect(stepsNamed(failed, 'echo').map((call) => String(call.args[0]))).toContainEqual(
      expect.stringContaining("failed in stage 'Build image'"),
    );
  });

  it('calls only executable scripts of the repository from its sh steps', () => {
    const commands = [...results.values()].flatMap(shCommands);
    expect(commands.length).toBeGreaterThan(5);
    expect(problemsWithShSteps(commands)).toEqual([]);
  });
});
