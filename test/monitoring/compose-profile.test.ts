import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MONITORING_DIR, RULES_PATH } from './support/monitoring-files.js';

/** docker-compose.yml's monitoring profile: every file it mounts exists, and the mounted files agree. */
const REPO = resolve(MONITORING_DIR, '../..');

interface Service {
  profiles?: string[];
  image: string;
  volumes?: string[];
  ports?: string[];
}
const compose = parse(readFileSync(join(REPO, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};

/** The service's bind mounts, container path -> host path. */
function bindMounts(service: Service): Map<string, string> {
  const binds = (service.volumes ?? []).filter((volume) => volume.startsWith('./'));
  return new Map(
    binds.map((volume) => {
      const [host, container] = volume.split(':');
      return [container!, resolve(REPO, host!)];
    }),
  );
}

function monitoringService(name: string): Service {
  const service = compose.services[name];
  if (!service) throw new Error(`docker-compose.yml has no ${name} service`);
  return service;
}

describe('the compose monitoring profile', () => {
  it('adds Prometheus and Grafana only under the monitoring profile, pinned, on loopback ports', () => {
    for (const name of ['prometheus', 'grafana']) {
      const service = monitoringService(name);
      expect(service.profiles, name).toEqual(['monitoring']);
      expect(service.image, name).toMatch(/:v?\d+\.\d+\.\d+$/);
      for (const port of service.ports ?? []) expect(port, name).toMatch(/^127\.0\.0\.1:/);
      for (const volume of service.volumes ?? []) {
        const [source] = volume.split(':');
        if (source!.startsWith('./')) expect(existsSync(resolve(REPO, source!)), volume).toBe(true);
        else expect(Object.keys(compose.volumes), volume).toContain(source);
      }
    }
  });

  it('has Prometheus scrape the app as job tally and load the rules file that promtool checks', () => {
    const mounts = bindMounts(monitoringService('prometheus'));
    const configPath = mounts.get('/etc/prometheus/prometheus.yml');
    expect(configPath).toBeDefined();
    const config = parse(readFileSync(configPath!, 'utf8')) as {
      rule_files: string[];
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    expect(config.scrape_configs.map((job) => job.job_name)).toEqual(['tally']);
    expect(config.scrape_configs[0]?.static_configs[0]?.targets).toEqual(['app:8080']);
    expect(config.rule_files.map((file) => mounts.get(file))).toEqual([RULES_PATH]);

    // promtool checks the configuration with the container's paths mapped to the repository's files.
    const dir = mkdtempSync(join(tmpdir(), 'tally-prometheus-config-'));
    try {
      const local = readFileSync(configPath!, 'utf8').replace(/\/etc\/prometheus\/rules\/[\w.-]+/g, (path) => mounts.get(path) ?? path);
      writeFileSync(join(dir, 'prometheus.yml'), local);
      const run = spawnSync('promtool', ['check', 'config', join(dir, 'prometheus.yml')], { encoding: 'utf8' });
      expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('provisions Grafana with the Prometheus service as data source and the dashboard directory', () => {
    const mounts = bindMounts(monitoringService('grafana'));
    const datasources = parse(readFileSync(join(mounts.get('/etc/grafana/provisioning/datasources')!, 'prometheus.yml'), 'utf8')) as {
      datasources: { type: string; url: string }[];
    };
    expect(datasources.datasources).toEqual([expect.objectContaining({ type: 'prometheus', url: 'http://prometheus:9090' })]);
    const providers = parse(readFileSync(join(mounts.get('/etc/grafana/provisioning/dashboards')!, 'tally.yml'), 'utf8')) as {
      providers: { options: { path: string } }[];
    };
    const dashboardsDir = providers.providers[0]?.options.path ?? '';
    expect(mounts.get(dashboardsDir)).toBe(join(MONITORING_DIR, 'grafana/dashboards'));
    expect(existsSync(join(mounts.get(dashboardsDir)!, 'tally.json'))).toBe(true);
  });
});
