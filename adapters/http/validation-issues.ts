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
    if (error.keyword === 'pattern') return { field: path, message: 'has a format that is not accepted' };
    return { field: path || 'body', message: error.message ?? 'is invalid' };
  });
}

function joinPath(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}
