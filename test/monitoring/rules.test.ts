import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROMETHEUS_RULE_FILE, renderPrometheusRule } from '../../deploy/monitoring/render-prometheus-rule.js';
import { parseManifests } from '../delivery/support/kubernetes-objects.js';
import { alertingRules, MONITORING_DIR, RULES_PATH, RULES_TEST_PATH, ruleGroups } from './support/monitoring-files.js';

function promtool(...args: string[]) {
  const run = spawnSync('promtool', args, { cwd: dirname(RULES_PATH), encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

interface AlertTest {
  alertname: string;
  exp_alerts: { exp_labels?: Record<string, string>; exp_annotations?: Record<string, string> }[];
}

function alertTests(): AlertTest[] {
  const file = parse(readFileSync(RULES_TEST_PATH, 'utf8')) as { tests: { alert_rule_test?: AlertTest[] }[] };
  return file.tests.flatMap((test) => test.alert_rule_test ?? []);
}

/** Prometheus durations as seconds: 90s, 5m, 1h30m. */
function seconds(duration: string): number {
  const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
  return [...duration.matchAll(/(\d+)([smhd])/g)].reduce((sum, [, value, unit]) => sum + Number(value) * units[unit!]!, 0);
}

describe('the Prometheus rules', () => {
  it('pass promtool check rules', () => {
    const run = promtool('check', 'rules', RULES_PATH);
    expect(run.output).toContain('SUCCESS');
    expect(run.status, run.output).toBe(0);
  });

  it('pass their promtool unit tests', () => {
    const run = promtool('test', 'rules', RULES_TEST_PATH);
    expect(run.output).toContain('SUCCESS');
    expect(run.status, run.output).toBe(0);
  });

  it('give every alert a summary, a description that says what to check first, and a severity', () => {
    const alerts = alertingRules();
    expect(alerts.length).toBeGreaterThanOrEqual(12);
    for (const rule of alerts) {
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
      expect(rule.annotations?.description, rule.alert).toMatch(/Check first/);
      expect(['critical', 'warning'], rule.alert).toContain(rule.labels?.severity);
    }
  });

  it('unit-test every alert firing, with its labels and annotations, and staying silent', () => {
    const tests = alertTests();
    for (const { alert } of alertingRules()) {
      const mine = tests.filter((test) => test.alertname === alert);
      const firing = mine.flatMap((test) => test.exp_alerts);
      expect(firing.length, `${alert} fires in some test`).toBeGreaterThan(0);
      for (const expected of firing) {
        expect(expected.exp_labels?.severity, alert).toBeTruthy();
        expect(Object.keys(expected.exp_annotations ?? {}).sort(), alert).toEqual(['description', 'summary']);
      }
      expect(mine.some((test) => test.exp_alerts.length === 0), `${alert} stays silent in some test`).toBe(true);
    }
  });

  it('hold every alert back for at least a minute, as production wants (the live test shortens them)', () => {
    for (const rule of alertingRules()) expect(seconds(rule.for ?? '0s'), rule.alert).toBeGreaterThanOrEqual(60);
  });

  it('keep burn-rate alerts on the 99.9 % objective over paired long and short windows', () => {
    const burn = alertingRules().filter((rule) => rule.alert.startsWith('TallyErrorBudgetBurn'));
    expect(burn.map((rule) => rule.alert).sort()).toEqual(['TallyErrorBudgetBurnFast', 'TallyErrorBudgetBurnSlow']);
    const recorded = ruleGroups().flatMap((group) => group.rules.map((rule) => ('record' in rule ? rule.record : '')));
    for (const rule of burn) {
      const windows = [...rule.expr.matchAll(/tally:slo_errors:ratio_rate(\w+)/g)].map(([, window]) => window!);
      expect(windows.length, rule.alert).toBe(4);
      for (const window of windows) expect(recorded, rule.alert).toContain(`tally:slo_errors:ratio_rate${window}`);
      expect(rule.expr, rule.alert).toContain('0.001');
    }
  });
});

describe('the PrometheusRule for Kubernetes', () => {
  it('is what deploy/monitoring/render-prometheus-rule.ts renders from the rules file', () => {
    const committed = readFileSync(PROMETHEUS_RULE_FILE, 'utf8');
    expect(committed).toBe(renderPrometheusRule(readFileSync(RULES_PATH, 'utf8')));
    const [rule] = parseManifests(committed);
    expect(rule).toMatchObject({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule' });
    expect((rule as unknown as { spec: { groups: unknown } }).spec.groups).toEqual(ruleGroups());
  });

  it('joins the kustomize base as a component, in the overlay\'s namespace, with the ServiceMonitor for job tally', () => {
    const overlay = mkdtempSync(join(tmpdir(), 'tally-monitoring-overlay-'));
    try {
      const repo = join(MONITORING_DIR, '../..');
      writeFileSync(
        join(overlay, 'kustomization.yaml'),
        [
          'apiVersion: kustomize.config.k8s.io/v1beta1',
          'kind: Kustomization',
          'namespace: tally-monitoring-test',
          'resources:',
          `  - ${relative(overlay, join(repo, 'deploy/k8s/base'))}`,
          'components:',
          `  - ${relative(overlay, join(MONITORING_DIR, 'kubernetes'))}`,
          '',
        ].join('\n'),
      );
      const run = spawnSync('kubectl', ['kustomize', overlay], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const objects = parseManifests(run.stdout);
      const rule = objects.find((object) => object.kind === 'PrometheusRule');
      expect(rule?.metadata.namespace).toBe('tally-monitoring-test');
      expect((rule as unknown as { spec: { groups: unknown } }).spec.groups).toEqual(ruleGroups());
      const monitor = objects.find((object) => object.kind === 'ServiceMonitor') as unknown as {
        spec: { selector: { matchLabels: Record<string, string> }; endpoints: { port: string; path: string }[] };
      };
      const service = objects.find((object) => object.kind === 'Service' && object.metadata.name === 'tally') as unknown as {
        metadata: { labels: Record<string, string> };
        spec: { ports: { name: string }[] };
      };
      // The job label of a ServiceMonitor's targets is the Service's name: the rules select job="tally".
      expect(service).toBeDefined();
      expect(service.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels);
      expect(service.spec.ports.map((port) => port.name)).toContain(monitor.spec.endpoints[0]?.port);
      expect(monitor.spec.endpoints[0]?.path).toBe('/metrics');
    } finally {
      rmSync(overlay, { recursive: true, force: true });
    }
  });
});
