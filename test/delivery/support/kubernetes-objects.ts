import { parseAllDocuments } from 'yaml';

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

export function parseManifests(text: string): KubernetesObject[] {
  return parseAllDocuments(text)
    .map((document) => document.toJS() as KubernetesObject | null)
    .filter((object): object is KubernetesObject => object !== null);
}

/** Where the models of custom resources' API groups come from: the prometheus-operator's (the monitoring Component). */
const CUSTOM_RESOURCE_MODELS: Readonly<Record<string, string>> = {
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
};

/**
 * The models' module for an apiVersion: "v1" -> kubernetes-models/v1, "apps/v1" -> .../apps/v1,
 * "monitoring.coreos.com/v1" -> @kubernetes-models/prometheus-operator/monitoring.coreos.com/v1.
 */
function modelModule(apiVersion: string): string {
  const group = apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
  return `${CUSTOM_RESOURCE_MODELS[group] ?? 'kubernetes-models'}/${apiVersion}`;
}

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: unknown) => Validatable;

/**
 * Validates an object against the Kubernetes OpenAPI schema that kubernetes-models ships for its kind.
 * Returns the schema's complaint, or null when the object is valid. Note: those schemas do not forbid
 * unknown fields, so a misspelt optional field passes here; the deploy job's server-side dry run catches it.
 */
export async function schemaProblem(object: KubernetesObject): Promise<string | null> {
  const models = (await import(modelModule(object.apiVersion))) as Record<string, ModelClass | undefined>;
  const Model = models[object.kind];
  if (!Model) return `no schema for ${object.apiVersion} ${object.kind}`;
  try {
    new Model(object).validate();
    return null;
  } catch (error) {
    return `${object.kind}/${object.metadata.name}: ${error instanceof Error ? error.message : String(error)}`;
  }
}
