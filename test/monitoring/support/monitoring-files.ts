import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** deploy/monitoring, where the rules, the dashboard and their provisioning live. */
export const MONITORING_DIR = fileURLToPath(new URL('../../../deploy/monitoring/', import.meta.url));
export const RULES_PATH = join(MONITORING_DIR, 'prometheus/tally-rules.yml');
export const RULES_TEST_PATH = join(MONITORING_DIR, 'prometheus/tally-rules.test.yml');
export const DASHBOARD_PATH = join(MONITORING_DIR, 'grafana/dashboards/tally.json');

export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
export interface RecordingRule {
  record: string;
  expr: string;
}
export interface RuleGroup {
  name: string;
  rules: (AlertingRule | RecordingRule)[];
}

export function ruleGroups(): RuleGroup[] {
  return (parse(readFileSync(RULES_PATH, 'utf8')) as { groups: RuleGroup[] }).groups;
}

export function alertingRules(): AlertingRule[] {
  return ruleGroups().flatMap((group) => group.rules.filter((rule): rule is AlertingRule => 'alert' in rule));
}

export interface PanelTarget {
  refId: string;
  expr?: string;
  datasource?: { type: string; uid: string };
}
export interface DashboardPanel {
  id: number;
  type: string;
  title: string;
  description?: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { type: string; uid: string };
  targets?: PanelTarget[];
  panels?: DashboardPanel[];
  fieldConfig?: {
    defaults: {
      unit?: string;
      thresholds?: { steps: { color: string; value: number | null }[] };
      custom?: { thresholdsStyle?: { mode: string } };
    };
  };
}
export interface DashboardVariable {
  name: string;
  type: string;
  definition?: string;
  includeAll?: boolean;
}
export interface Dashboard {
  uid: string;
  title: string;
  templating: { list: DashboardVariable[] };
  panels: DashboardPanel[];
}

/**
 * A panel's query as Grafana sends it to a Prometheus whose targets have no namespace label (docker-compose's,
 * the live test's): the namespace variable then has no value to offer and stands for the empty string.
 */
export function queryWithoutNamespaces(expr: string): string {
  return expr.replaceAll('$namespace', '');
}

export function dashboard(): Dashboard {
  return JSON.parse(readFileSync(DASHBOARD_PATH, 'utf8')) as Dashboard;
}

/** Every panel, those nested in collapsed rows included. */
export function allPanels(board: Dashboard): DashboardPanel[] {
  return board.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
}

/** The panels that draw data (rows only group them). */
export function dataPanels(board: Dashboard): DashboardPanel[] {
  return allPanels(board).filter((panel) => panel.type !== 'row');
}
