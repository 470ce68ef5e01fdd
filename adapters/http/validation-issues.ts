import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import type { FieldIssue } from '../../core/shared/validation-error.js';

/** Turns Ajv's findings into the contract's `{field, message}` list, naming fields as clients sent them. */
export function toFieldIssues(errors: readonly FastifySchemaValidationError[]): FieldIssue[] {
  return errors.map((error) => {
    const path = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'additionalProperties') {
      const field = joinPath(path, String(params.additionalProperty));
      return { field, message: 'is not an accepted field' };
    }
    if (error.keyword === 'required') {
      return { field: joinPath(path, String(params.missingProperty)), message: 'is required' };
    }
    if (error.keyword === 'pattern') return { field: path, message: patternMessage(error) };
    return { field: path || 'body', message: error.message ?? 'is invalid' };
  });
}

/**
 * A pattern's schema carries core's words for it in its description (Ajv's `verbose` hands the schema along),
 * so an HTTP client is told the same rule as the CLI; a pattern without one is shown as it is.
 */
function patternMessage(error: FastifySchemaValidationError): string {
  const description = (error as { parentSchema?: { description?: unknown } }).parentSchema?.description;
  if (typeof description === 'string') return description;
  return `must match the pattern ${String((error.params as { pattern?: unknown }).pattern)}`;
}

function joinPath(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}
