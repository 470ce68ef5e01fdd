import { beforeAll, describe, expect, it } from 'vitest';
import {
  resultOf,
  runScenarios,
  shCommands,
  stagesRun,
  stepsNamed,
  type Scenario,
  type ScenarioResult,
  type ShRule,
} from './support/pipeline-harness.js';
import { problemsWithShSteps } from './support/pipeline-scripts.js';

const commit = '0123456789abcdef0123456789abcdef01234567';
const digest = `sha256:${'ef'.repeat(32)}`;

function deploy(name: string, environment: string, extra: Partial<Scenario> = {}, sh: ShRule[] = []): Scenario {
  return {
    name,
    file: 'Jenkinsfile.deploy',
    env: { BUILD_NUMBER: '9', JOB_NAME: 'tally-deploy', FAILURE_MAIL_TO: 'team@example.com' },
    params: { ENVIRONMENT: environment, IMAGE_TAG: commit, IMAGE_DIGEST: digest },
    sh,
    ...extra,
  };
}

const happyStages = ['Checkout', 'Render', 'Validate', 'Migrate', 'Roll out', 'Smoke check'];

const scenarios: Scenario[] = [
  deploy('development', 'development'),
  deploy('staging', 'staging'),
  deploy('production approved', 'production'),
  deploy('production refused', 'production', { input: 'abort' }),
  deploy('failed migration', 'staging', {}, [{ command: 'ci/migrate.sh', exitCode: 1 }]),
  deploy('failed rollout', 'production', {}, [{ command: 'ci/rollout.sh', exitCode: 1 }]),
  deploy('failed smoke check', 'staging', {}, [{ command: 'ci/smoke-check.sh', exitCode: 1 }]),
  deploy('invalid manifests', 'staging', {}, [{ command: 'ci/validate-manifests.sh', exitCode: 1 }]),
  deploy('malformed tag', 'staging', { params: { ENVIRONMENT: 'staging', IMAGE_TAG: 'latest', IMAGE_DIGEST: digest } }),
  deploy('malformed digest', 'staging', { params: { ENVIRONMENT: 'staging', IMAGE_TAG: commit, IMAGE_DIGEST: 'latest' } }),
  deploy('aborted mid-rollout', 'production', {}, [{ command: 'ci/rollout.sh', abort: true }]),
  deploy('failed rollback', 'staging', {}, [
    { command: 'ci/rollout.sh', exitCode: 1 },
    { command: 'ci/rollback.sh', exitCode: 1 },
  ]),
  deploy('unknown environment', 'qa'),
];

let results: Map<string, ScenarioResult>;
beforeAll(async () => {
  results = await runScenarios(scenarios);
});

describe('Jenkinsfile.deploy (deploy job)', () => {
  it('renders, validates, migrates, rolls out and smoke-checks development and staging without approval', () => {
    for (const name of ['development', 'staging']) {
      const result = resultOf(results, name);
      expect(result.error, name).toBeNull();
      expect(result.result, name).toBe('SUCCESS');
      expect(stagesRun(result), name).toEqual(happyStages);
      expect(stepsNamed(result, 'input'), name).toEqual([]);
    }
  });

  it('waits for a manual approval before production is touched, holding no agent and no credential meanwhile', () => {
    const result = resultOf(results, 'production approved');
    expect(result.result).toBe('SUCCESS');
    expect(stagesRun(result)).toEqual(['Approve', ...happyStages]);
    const [approval] = stepsNamed(result, 'input');
    expect(approval?.stage).toBe('Approve');
    expect(JSON.stringify(approval?.args)).toContain(commit);
    // Not inside node (an executor), withCredentials (the kubeconfig) or lock (other deploys would queue).
    expect(approval?.within).toEqual(['stage', 'timeout']);
  });

  it('changes nothing in production when the approval is refused, and never takes an agent', () => {
    const result = resultOf(results, 'production refused');
    expect(result.result).toBe('ABORTED');
    expect(stagesRun(result)).toEqual(['Approve']);
    expect(stepsNamed(result, 'node')).toEqual([]);
    expect(stepsNamed(result, 'withCredentials')).toEqual([]);
  });

  it('deploys one build per environment at a time, and never an older build over a newer one', () => {
    for (const name of ['development', 'production approved']) {
      const result = resultOf(results, name);
      const environment = name === 'development' ? 'development' : 'production';
      const [lock] = stepsNamed(result, 'lock');
      expect(lock?.args[0], name).toEqual({ resource: `tally-deploy-${environment}`, inversePrecedence: true });
      // The milestone is passed holding the lock, before the agent and anything that touches the cluster.
      const [milestone] = stepsNamed(result, 'milestone');
      expect(milestone?.within, name).toEqual(['lock']);
      expect(result.steps.indexOf(milestone!), name).toBeLessThan(result.steps.findIndex((call) => call.step === 'node'));
      for (const call of stepsNamed(result, 'sh')) expect(call.within.slice(0, 2), name).toEqual(['lock', 'node']);
    }
  });

  it('rolls back a roll-out that was aborted half-way, and ends ABORTED', () => {
    const result = resultOf(results, 'aborted mid-rollout');
    expect(result.result).toBe('ABORTED');
    expect(stagesRun(result).slice(-2)).toEqual(['Roll out', 'Roll back']);
    expect(shCommands(result).at(-1)).toBe('ci/rollback.sh');
    expect(stepsNamed(result, 'deleteDir')).toHaveLength(1);
  });

  it('reports a failing rollback as needing a person, but keeps the roll-out failure as the cause', () => {
    const result = resultOf(results, 'failed rollback');
    expect(result.result).toBe('FAILURE');
    expect(stagesRun(result).at(-1)).toBe('Roll back');
    expect(result.error?.message).toBe('script returned exit code 1');
    const mails = stepsNamed(result, 'mail').map((call) => JSON.stringify(call.args));
    expect(mails).toHaveLength(2);
    expect(mails[0]).toContain("failed in stage 'Roll back': rollback failed, staging needs a person");
    expect(mails[1]).toContain("failed in stage 'Roll out'");
    expect(stepsNamed(result, 'deleteDir')).toHaveLength(1);
  });

  it('stops at a failed migration and rolls back instead of rolling out', () => {
    const result = resultOf(results, 'failed migration');
    expect(result.result).toBe('FAILURE');
    expect(stagesRun(result)).toEqual(['Checkout', 'Render', 'Validate', 'Migrate', 'Roll back']);
    expect(shCommands(result)).not.toContain('ci/rollout.sh');
    const rollback = stepsNamed(result, 'sh').find((call) => call.stage === 'Roll back');
    expect(rollback?.args[0]).toEqual({ script: 'ci/rollback.sh' });
    // The rollback script needs the cluster, the namespace and the release it undoes.
    expect(rollback?.env).toMatchObject({ NAMESPACE: 'tally-staging', IMAGE_TAG: commit, IMAGE_DIGEST: digest });
    expect(rollback?.env?.KUBECONFIG).toBeTruthy();
  });

  it('rolls back a failed roll-out and a failed smoke check', () => {
    for (const name of ['failed rollout', 'failed smoke check']) {
      const result = resultOf(results, name);
      expect(result.result, name).toBe('FAILURE');
      expect(stagesRun(result).at(-1), name).toBe('Roll back');
    }
  });

  it('does not roll back when nothing reached the cluster', () => {
    const result = resultOf(results, 'invalid manifests');
    expect(result.result).toBe('FAILURE');
    expect(stagesRun(result)).toEqual(['Checkout', 'Render', 'Validate']);
    expect(shCommands(result)).not.toContain('ci/rollback.sh');
  });

  it('refuses a malformed image tag, digest or environment before running anything', () => {
    const tag = resultOf(results, 'malformed tag');
    expect(tag.result).toBe('FAILURE');
    expect(tag.error?.message).toContain('IMAGE_TAG must be the 40-character commit hash');
    const digestResult = resultOf(results, 'malformed digest');
    expect(digestResult.error?.message).toContain('IMAGE_DIGEST must be sha256: and 64 hexadecimal digits');
    const environment = resultOf(results, 'unknown environment');
    expect(environment.error?.message).toContain('ENVIRONMENT must be development, staging or production');
    for (const result of [tag, digestResult, environment]) {
      expect(stepsNamed(result, 'sh')).toEqual([]);
      expect(stepsNamed(result, 'node')).toEqual([]);
    }
  });

  it('hands every script the environment, namespace, image and rendered file of this deploy', () => {
    const result = resultOf(results, 'staging');
    for (const call of stepsNamed(result, 'sh')) {
      expect(call.env, String(call.stage)).toMatchObject({
        ENVIRONMENT: 'staging',
        NAMESPACE: 'tally-staging',
        IMAGE_TAG: commit,
        IMAGE_DIGEST: digest,
        RENDERED: 'build/staging.yaml',
      });
      expect(call.env?.IMAGE_REPOSITORY).toMatch(/\/tally$/);
    }
  });

  it('takes the kubeconfig per environment, and Secret values only where they are not in git', () => {
    const ids = (name: string) =>
      stepsNamed(resultOf(results, name), 'file').map((call) => (call.args[0] as { credentialsId: string }).credentialsId);
    expect(ids('development')).toEqual(['kubeconfig-development']);
    expect(ids('staging')).toEqual(['kubeconfig-staging', 'tally-staging-secrets']);
    expect(ids('production approved')).toEqual(['kubeconfig-production', 'tally-production-secrets']);
    const render = stepsNamed(resultOf(results, 'staging'), 'sh').find((call) => call.stage === 'Render');
    expect(render?.env?.SECRETS_ENV_FILE).toBeTruthy();
  });

  it('removes the rendered manifests (they hold Secret values) whether the deploy succeeds or fails', () => {
    for (const name of ['staging', 'failed migration']) {
      const result = resultOf(results, name);
      const cleanup = stepsNamed(result, 'dir').map((call) => call.args[0]);
      expect(cleanup, name).toEqual(['build']);
      expect(stepsNamed(result, 'deleteDir'), name).toHaveLength(1);
    }
  });

  it('declares its parameters, a build discarder and a timeout', () => {
    const result = resultOf(results, 'staging');
    expect(JSON.stringify(stepsNamed(result, 'choice')[0]?.args)).toContain('"choices":["development","staging","production"]');
    expect(stepsNamed(result, 'buildDiscarder')).toHaveLength(1);
    expect(stepsNamed(result, 'timeout')[0]?.args[0]).toMatchObject({ unit: 'MINUTES' });
  });

  it('calls only executable scripts of the repository from its sh steps', () => {
    const commands = [...results.values()].flatMap(shCommands);
    expect(new Set(commands)).toEqual(
      new Set([
        'ci/render.sh',
        'ci/validate-manifests.sh',
        'ci/migrate.sh',
        'ci/rollout.sh',
        'ci/smoke-check.sh',
        'ci/rollback.sh',
      ]),
    );
    expect(problemsWithShSteps(commands)).toEqual([]);
  });
});
