import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment } from 'kubernetes-models/apps/v1';
import type { Job } from 'kubernetes-models/batch/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import type { IContainer as Container, IPodSpec as PodSpec } from 'kubernetes-models/v1';
import type { INetworkPolicySpec as NetworkPolicySpec } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicySpec';
import { parseManifests, schemaProblem, type KubernetesObject } from './support/kubernetes-objects.js';
import { runCommand } from './support/shell.js';

const environments = ['development', 'staging', 'production'] as const;
type Environment = (typeof environments)[number];
const repository = 'registry.example.com/tally';
const tag = '0123456789abcdef0123456789abcdef01234567';
const digest = `sha256:${'ab'.repeat(32)}`;

let workDir: string;
const rendered = new Map<Environment, KubernetesObject[]>();

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'tally-render-'));
  const secrets = join(workDir, 'secrets.env');
  await writeFile(secrets, 'DATABASE_URL=postgres://tally:pw@db:5432/tally\nADMIN_TOKEN=t\nVISITOR_SALT=s\n');
  await Promise.all(
    environments.map(async (environment) => {
      const output = join(workDir, `${environment}.yaml`);
      const result = await runCommand('ci/render.sh', [], {
        ENVIRONMENT: environment,
        IMAGE_REPOSITORY: repository,
        IMAGE_TAG: tag,
        IMAGE_DIGEST: digest,
        RENDERED: output,
        SECRETS_ENV_FILE: environment === 'development' ? undefined : secrets,
      });
      if (result.code !== 0) throw new Error(`render ${environment} failed: ${result.stderr}`);
      rendered.set(environment, parseManifests(await readFile(output, 'utf8')));
    }),
  );
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function objects(environment: Environment): KubernetesObject[] {
  const list = rendered.get(environment);
  if (!list) throw new Error(`${environment} was not rendered`);
  return list;
}

function one<T>(environment: Environment, kind: string, name?: string): T {
  const found = objects(environment).filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1) throw new Error(`${environment}: expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}`);
  return found[0] as unknown as T;
}

function podSpec(workload: { spec?: { template: { spec?: PodSpec } } }): PodSpec {
  const spec = workload.spec?.template.spec;
  if (!spec) throw new Error('workload without a pod spec');
  return spec;
}

function allContainers(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...spec.containers];
}

function configValue(environment: Environment, key: string): string | undefined {
  const config = objects(environment).find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('tally-config'));
  return (config?.data as Record<string, string> | undefined)?.[key];
}

describe.each(environments)('deploy/k8s/overlays/%s, rendered by ci/render.sh', (environment) => {
  it('renders only objects that match the Kubernetes API schemas', async () => {
    const problems = await Promise.all(objects(environment).map(schemaProblem));
    expect(problems.filter((p) => p !== null)).toEqual([]);
  });

  it('puts every object in the environment\'s namespace', () => {
    for (const object of objects(environment)) {
      expect(object.metadata.namespace, `${object.kind}/${object.metadata.name}`).toBe(`tally-${environment}`);
    }
  });

  it('has the base objects: Deployment, Service, Ingress, HPA, PDB, ConfigMap, Secret, ServiceAccount, Job', () => {
    const kinds = new Set(objects(environment).map((o) => o.kind));
    for (const kind of ['Deployment', 'Service', 'Ingress', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'ConfigMap', 'Secret', 'ServiceAccount', 'Job']) {
      expect(kinds, kind).toContain(kind);
    }
  });

  it('runs the release image, pinned by its digest, in every tally container', () => {
    const deployment = one<Deployment>(environment, 'Deployment', 'tally');
    const job = one<Job>(environment, 'Job');
    for (const container of [...allContainers(podSpec(deployment)), ...allContainers(podSpec(job))]) {
      expect(container.image, container.name).toBe(`${repository}@${digest}`);
    }
    expect(deployment.metadata?.labels?.['app.kubernetes.io/version']).toBe(tag);
  });

  it('names the migration Job for the release, so a new image never meets an immutable old Job', () => {
    const job = one<Job>(environment, 'Job');
    expect(job.metadata?.name).toBe(`tally-migrate-${tag}`);
    const spec = podSpec(job);
    expect(spec.restartPolicy).toBe('Never');
    expect(spec.containers[0]?.args).toEqual(['db', 'migrate']);
    expect(spec.initContainers?.[0]?.args?.slice(0, 2)).toEqual(['db', 'wait']);
    expect(job.spec?.ttlSecondsAfterFinished).toBeGreaterThan(0);
  });

  it('keeps at least two replicas through the HPA, which alone owns the replica count', () => {
    const deployment = one<Deployment>(environment, 'Deployment', 'tally');
    const hpa = one<HorizontalPodAutoscaler>(environment, 'HorizontalPodAutoscaler');
    // A replicas field would reset the HPA's count on every apply.
    expect(deployment.spec?.replicas).toBeUndefined();
    expect(hpa.spec?.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'tally' });
    expect(hpa.spec?.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec?.maxReplicas).toBeGreaterThan(hpa.spec?.minReplicas ?? 0);
    expect(deployment.spec?.strategy?.rollingUpdate?.maxUnavailable).toBe(0);
  });

  it('probes startup and liveness on /-/healthy and readiness on /-/ready', () => {
    const [container] = podSpec(one<Deployment>(environment, 'Deployment', 'tally')).containers;
    expect(container?.startupProbe?.httpGet?.path).toBe('/-/healthy');
    expect(container?.livenessProbe?.httpGet?.path).toBe('/-/healthy');
    expect(container?.readinessProbe?.httpGet?.path).toBe('/-/ready');
    expect(container?.resources?.requests).toBeDefined();
    expect(container?.resources?.limits?.memory).toBeDefined();
  });

  it('runs every pod as non-root with a read-only root filesystem and no capabilities', () => {
    const workloads = objects(environment).filter((o) => ['Deployment', 'Job', 'StatefulSet'].includes(o.kind));
    for (const workload of workloads) {
      const spec = podSpec(workload as unknown as Deployment);
      const label = `${workload.kind}/${workload.metadata.name}`;
      expect(spec.securityContext?.runAsNonRoot, label).toBe(true);
      expect(spec.securityContext?.runAsUser, label).toBeGreaterThan(0);
      expect(spec.automountServiceAccountToken, label).toBe(false);
      for (const container of allContainers(spec)) {
        expect(container.securityContext?.readOnlyRootFilesystem, `${label} ${container.name}`).toBe(true);
        expect(container.securityContext?.allowPrivilegeEscalation, `${label} ${container.name}`).toBe(false);
        expect(container.securityContext?.capabilities?.drop, `${label} ${container.name}`).toEqual(['ALL']);
      }
    }
  });

  it('drains before it stops: preStop pause, then a grace period longer than tally\'s own shutdown', () => {
    const spec = podSpec(one<Deployment>(environment, 'Deployment', 'tally'));
    const preStop = spec.containers[0]?.lifecycle?.preStop?.exec?.command;
    expect(preStop?.[0]).toBe('sleep');
    const pause = Number(preStop?.[1]);
    const shutdownGrace = Number(configValue(environment, 'SHUTDOWN_GRACE_SECONDS'));
    expect(pause).toBeGreaterThan(0);
    expect(shutdownGrace).toBeGreaterThan(0);
    expect(spec.terminationGracePeriodSeconds).toBeGreaterThan(pause + shutdownGrace);
  });

  it('spreads replicas over zones and nodes', () => {
    const spec = podSpec(one<Deployment>(environment, 'Deployment', 'tally'));
    const keys = (spec.topologySpreadConstraints ?? []).map((c) => c.topologyKey);
    expect(keys).toEqual(expect.arrayContaining(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']));
  });

  it('uses a ServiceAccount that mounts no token', () => {
    const account = one<KubernetesObject>(environment, 'ServiceAccount', 'tally');
    expect(account.automountServiceAccountToken).toBe(false);
    expect(podSpec(one<Deployment>(environment, 'Deployment', 'tally')).serviceAccountName).toBe('tally');
  });

  it('takes configuration from the generated ConfigMap and secrets as files from the Secret, with hashed names', () => {
    const secret = one<KubernetesObject>(environment, 'Secret');
    const keys = Object.keys(secret.data as object);
    const workloads = [one<Deployment>(environment, 'Deployment', 'tally'), one<Job>(environment, 'Job')];
    for (const spec of workloads.map(podSpec)) {
      const volume = spec.volumes?.find((v) => v.secret !== undefined);
      expect(volume?.secret?.secretName).toBe(secret.metadata.name);
      expect(spec.securityContext?.fsGroup).toBe(spec.securityContext?.runAsGroup);
      for (const container of allContainers(spec)) {
        // No secret value in the environment: only the ConfigMap, and X_FILE paths to the mounted Secret.
        expect(container.envFrom?.map((source) => source.configMapRef?.name)).toEqual([expect.stringMatching(/^tally-config-[a-z0-9]+$/)]);
        expect(container.env?.some((variable) => variable.valueFrom?.secretKeyRef !== undefined)).toBe(false);
        const mount = container.volumeMounts?.find((m) => m.name === volume?.name);
        expect(mount?.readOnly, container.name).toBe(true);
        const files = (container.env ?? []).filter((variable) => variable.name.endsWith('_FILE'));
        expect(files.map((variable) => variable.name).sort()).toEqual(['ADMIN_TOKEN_FILE', 'DATABASE_URL_FILE', 'VISITOR_SALT_FILE']);
        for (const variable of files) {
          // Each names a key the Secret has, under the mount: a missing key would stop tally at start-up.
          expect(variable.value).toBe(`${mount?.mountPath}/${variable.name.replace(/_FILE$/, '')}`);
          expect(keys).toContain(variable.name.replace(/_FILE$/, ''));
        }
      }
    }
  });

  it('keeps the connection pools of every pod within the stated budget, at the peak of a roll-out', () => {
    const hpa = one<HorizontalPodAutoscaler>(environment, 'HorizontalPodAutoscaler');
    const deployment = one<Deployment>(environment, 'Deployment', 'tally');
    const budget = Number(hpa.metadata?.annotations?.['tally.example.com/database-connection-budget']);
    const pool = Number(configValue(environment, 'DATABASE_POOL_SIZE'));
    const maxReplicas = hpa.spec?.maxReplicas ?? 0;
    const surge = String(deployment.spec?.strategy?.rollingUpdate?.maxSurge);
    // Kubernetes rounds a percentage surge up.
    const surgePods = surge.endsWith('%') ? Math.ceil((maxReplicas * Number(surge.slice(0, -1))) / 100) : Number(surge);
    expect(budget).toBeGreaterThan(0);
    expect(pool).toBeGreaterThan(0);
    expect(surgePods).toBeGreaterThanOrEqual(1);
    expect((maxReplicas + surgePods) * pool).toBeLessThanOrEqual(budget);
    // The migration Job (one pool at most) runs before the roll-out, beside at most maxReplicas old pods.
    expect(maxReplicas * pool + pool).toBeLessThanOrEqual(budget);
  });

  it('denies all traffic by default, lets in only the Ingress controller and the scraper, and out only PostgreSQL and DNS', () => {
    const policies = objects(environment).filter((o) => o.kind === 'NetworkPolicy');
    const byName = new Map(policies.map((p) => [p.metadata.name, p.spec as NetworkPolicySpec]));
    expect(byName.get('default-deny')).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const tally = byName.get('tally');
    expect(tally?.podSelector?.matchLabels).toEqual({ 'app.kubernetes.io/name': 'tally' });
    const sources = (tally?.ingress ?? []).flatMap((rule) => rule.from ?? []);
    expect(sources.map((peer) => peer.podSelector?.matchLabels?.['app.kubernetes.io/name']).sort()).toEqual(['ingress-nginx', 'prometheus']);
    expect((tally?.ingress ?? []).flatMap((rule) => rule.ports ?? []).map((p) => p.port)).toEqual(['http']);
    const egressPorts = (tally?.egress ?? []).flatMap((rule) => (rule.ports ?? []).map((p) => `${p.port}/${p.protocol}`));
    expect(egressPorts.sort()).toEqual(['53/TCP', '53/UDP', '5432/TCP']);
    const dns = (tally?.egress ?? []).find((rule) => rule.ports?.some((p) => p.port === 53));
    expect(dns?.to?.[0]?.podSelector?.matchLabels).toEqual({ 'k8s-app': 'kube-dns' });
  });
});

describe('environment differences', () => {
  it('runs PostgreSQL in the cluster for development only, reachable from tally alone', () => {
    expect(objects('development').map((o) => `${o.kind}/${o.metadata.name}`)).toContain('StatefulSet/postgres');
    const developmentSecret = one<KubernetesObject>('development', 'Secret').data as Record<string, string>;
    expect(Buffer.from(developmentSecret.DATABASE_URL ?? '', 'base64').toString()).toMatch(/@postgres:5432\//);
    const postgresPolicy = objects('development').find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'postgres');
    expect((postgresPolicy?.spec as NetworkPolicySpec).ingress?.[0]?.from?.[0]?.podSelector?.matchLabels).toEqual({ 'app.kubernetes.io/name': 'tally' });
    for (const environment of ['staging', 'production'] as const) {
      expect(objects(environment).some((o) => o.kind === 'StatefulSet'), environment).toBe(false);
      const secret = one<KubernetesObject>(environment, 'Secret');
      expect(Object.keys(secret.data as object), environment).toContain('DATABASE_URL');
    }
  });

  it('gives production more replicas than staging', () => {
    const min = (environment: Environment) => one<HorizontalPodAutoscaler>(environment, 'HorizontalPodAutoscaler').spec?.minReplicas ?? 0;
    const max = (environment: Environment) => one<HorizontalPodAutoscaler>(environment, 'HorizontalPodAutoscaler').spec?.maxReplicas ?? 0;
    expect(min('production')).toBeGreaterThan(min('staging'));
    expect(max('production')).toBeGreaterThan(max('staging'));
  });

  it('gives production the smallest pool per pod: it has the most pods within the same budget', () => {
    const pool = (environment: Environment) => Number(configValue(environment, 'DATABASE_POOL_SIZE'));
    expect(pool('production')).toBeLessThan(pool('staging'));
  });

  it('serves each environment on its own host', () => {
    const hosts = environments.map((environment) => (one<KubernetesObject>(environment, 'Ingress').spec as { rules: { host: string }[] }).rules[0]?.host);
    expect(new Set(hosts).size).toBe(3);
  });
});

describe('alerting (deploy/monitoring/kubernetes, the prometheus-operator\'s kinds)', () => {
  const monitoringKinds = (environment: Environment) =>
    objects(environment)
      .map((o) => o.kind)
      .filter((kind) => kind === 'PrometheusRule' || kind === 'ServiceMonitor')
      .sort();

  it.each(['staging', 'production'] as const)('is deployed with %s: its alerts and the scrape of every pod', (environment) => {
    expect(monitoringKinds(environment)).toEqual(['PrometheusRule', 'ServiceMonitor']);
  });

  it('is left out of development, whose cluster need not run the operator', () => {
    expect(monitoringKinds('development')).toEqual([]);
  });
});

describe('rendering outside the deploy job', () => {
  it('renders development as committed', async () => {
    const result = await runCommand('kubectl', ['kustomize', 'deploy/k8s/overlays/development']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(parseManifests(result.stdout).length).toBeGreaterThan(8);
  });

  it.each(['staging', 'production'])('refuses to render %s without its secrets file, which is not in git', async (environment) => {
    const result = await runCommand('ci/render.sh', [], { ENVIRONMENT: environment, IMAGE_REPOSITORY: repository, IMAGE_TAG: tag, IMAGE_DIGEST: digest, RENDERED: join(workDir, 'unused.yaml'), SECRETS_ENV_FILE: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SECRETS_ENV_FILE');
  });

  it('refuses to render without a digest: a tag alone could be moved under a running deploy', async () => {
    const result = await runCommand('ci/render.sh', [], { ENVIRONMENT: 'development', IMAGE_REPOSITORY: repository, IMAGE_TAG: tag, IMAGE_DIGEST: 'latest', RENDERED: join(workDir, 'unused.yaml') });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not a digest');
  });
});
