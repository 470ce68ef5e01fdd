import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// verbose: a failed pattern's error carries its schema, whose description says the rule in core's words.
const common: Options = { allErrors: true, removeAdditional: false, useDefaults: true, strict: true, verbose: true };

function ajv(options: Options): Ajv {
  const instance = new Ajv({ ...common, ...options });
  addFormats.default(instance);
  return instance;
}

// Bodies are JSON with real types: "20" is not an integer, and an unknown field is an error, not dropped.
const strictAjv = ajv({ coerceTypes: false });
// Query strings and path parameters only ever carry text, so numbers in them must be read as numbers.
const coercingAjv = ajv({ coerceTypes: true });

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  const validator = httpPart === 'body' ? strictAjv : coercingAjv;
  return validator.compile(schema);
};
