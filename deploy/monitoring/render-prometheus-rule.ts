// Renders the prometheus-operator's PrometheusRule (kubernetes/prometheus-rule.yaml) from the rules file that
// Prometheus loads directly (prometheus/tally-rules.yml), so the two cannot drift: edit the rules file, then run
//   node deploy/monitoring/render-prometheus-rule.ts
// (Node 24 runs TypeScript as is). test/monitoring checks that the committed file is what this renders.
// Kustomize cannot do it itself: a configMapGenerator makes ConfigMaps, and the CRD wants the groups inline.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

export const RULES_FILE = fileURLToPath(new URL('prometheus/tally-rules.yml', import.meta.url));
export const PROMETHEUS_RULE_FILE = fileURLToPath(new URL('kubernetes/prometheus-rule.yaml', import.meta.url));

const HEADER = `# Generated from deploy/monitoring/prometheus/tally-rules.yml by deploy/monitoring/render-prometheus-rule.ts:
# edit that file and render again, never this one.
`;

/** The PrometheusRule manifest holding the rules file's groups. */
export function renderPrometheusRule(rulesText: string): string {
  const { groups } = parse(rulesText) as { groups: unknown[] };
  const manifest = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: 'tally',
      // A Prometheus whose ruleSelector asks for other labels (a Helm release's, say) needs them added
      // in the overlay, as a kustomize `labels` entry.
      labels: { 'app.kubernetes.io/name': 'tally', 'app.kubernetes.io/component': 'monitoring' },
    },
    spec: { groups },
  };
  // lineWidth 0: no folding, so each expression reads as in the rules file.
  return HEADER + stringify(manifest, { lineWidth: 0 });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(PROMETHEUS_RULE_FILE, renderPrometheusRule(readFileSync(RULES_FILE, 'utf8')));
}
