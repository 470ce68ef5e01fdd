import { describe, expect, it } from 'vitest';
import { allPanels, alertingRules, dashboard, dataPanels, type DashboardPanel } from './support/monitoring-files.js';

const board = dashboard();

/** The numbers an alert's expression compares with, products such as `300 * 1024 * 1024` multiplied out. */
function numbersIn(expr: string): number[] {
  const products = expr.match(/\d+(?:\.\d+)?(?:\s*\*\s*\d+(?:\.\d+)?)*/g) ?? [];
  return products.flatMap((product) => {
    const factors = product.split('*').map(Number);
    return [...factors, factors.reduce((a, b) => a * b, 1)];
  });
}

/** The value of the threshold line a panel draws, if it draws one. */
function drawnThreshold(panel: DashboardPanel): number | undefined {
  const style = panel.fieldConfig?.defaults.custom?.thresholdsStyle?.mode ?? 'off';
  if (style === 'off') return undefined;
  const steps = panel.fieldConfig?.defaults.thresholds?.steps ?? [];
  return steps.at(-1)?.value ?? undefined;
}

describe('the Grafana dashboard', () => {
  it('gives every panel an id of its own', () => {
    const ids = allPanels(board).map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every panel a PromQL query on the chosen data source, and a unit', () => {
    for (const panel of dataPanels(board)) {
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) {
        expect(target.expr?.trim(), `${panel.title} ${target.refId}`).toBeTruthy();
        expect(target.datasource?.uid, panel.title).toBe('${datasource}');
      }
      expect(panel.fieldConfig?.defaults.unit, panel.title).toBeTruthy();
    }
  });

  it('shows one namespace at a time: every series it selects is filtered on the namespace variable', () => {
    const variable = board.templating.list.find((candidate) => candidate.name === 'namespace');
    expect(variable).toMatchObject({ type: 'query', definition: 'label_values(up{job="tally"}, namespace)' });
    // "All" would add staging's traffic to production's in every sum.
    expect(variable?.includeAll).toBe(false);
    for (const panel of dataPanels(board)) {
      for (const target of panel.targets ?? []) {
        const expr = target.expr ?? '';
        const selectors = expr.match(/[a-z_:]+\{[^}]*\}/g) ?? [];
        expect(selectors.length, `${panel.title}: ${expr}`).toBeGreaterThan(0);
        for (const selector of selectors) expect(selector, panel.title).toContain('namespace=~"$namespace"');
        // A recorded series named without a selector would not be filtered.
        expect(expr, panel.title).not.toMatch(/tally:[a-z_0-9:]+(?![a-z_0-9:{])/);
      }
    }
  });

  it('lays panels out inside the 24-column grid', () => {
    for (const panel of allPanels(board)) {
      expect(panel.gridPos.x + panel.gridPos.w, panel.title).toBeLessThanOrEqual(24);
    }
  });

  it('has the rows the README describes: service level, RED per route, domain, database, runtime', () => {
    const rows = board.panels.filter((panel) => panel.type === 'row').map((panel) => panel.title);
    expect(rows).toHaveLength(5);
    expect(rows.join(' | ')).toMatch(/Service level.*Requests per route.*Domain.*Database.*Runtime/);
    const exprs = dataPanels(board).flatMap((panel) => panel.targets?.map((target) => target.expr) ?? []).join('\n');
    for (const metric of [
      'tally_registrations_total',
      'tally_visits_total',
      'tally_unique_visitors',
      'tally_form_submissions_total',
      'tally_rejected_inputs_total',
      'tally_database_pool_connections',
      'tally_database_up',
      'nodejs_eventloop_lag_p99_seconds',
      'process_resident_memory_bytes',
      'tally:http_requests:rate5m',
      'tally:http_request_duration_seconds:p99_rate5m',
    ]) {
      expect(exprs, metric).toContain(metric);
    }
  });

  it('draws each threshold at the value of the alert its description names', () => {
    const alerts = new Map(alertingRules().map((rule) => [rule.alert, rule]));
    const drawn = dataPanels(board).filter((panel) => drawnThreshold(panel) !== undefined);
    expect(drawn.length).toBeGreaterThanOrEqual(6);
    for (const panel of drawn) {
      const named = panel.description?.match(/\bTally\w+/)?.[0];
      const alert = named === undefined ? undefined : alerts.get(named);
      expect(alert, `${panel.title} names its alert`).toBeDefined();
      expect(numbersIn(alert!.expr), `${panel.title} vs ${named}`).toContain(drawnThreshold(panel));
    }
  });
});
