// HAR 1.2 checked against the har-schema package's JSON Schema, with ajv.
import { createRequire } from 'node:module';
import { Ajv, type AnySchema, type AnySchemaObject } from 'ajv';
import formats from 'ajv-formats';

const require = createRequire(import.meta.url);

/** The har-schema package: draft-06 schemas, one per HAR object, linked by
 *  $id. It uses keywords of its own (`min`, `optional`, `unique`), declared
 *  here so that strict mode still refuses any other unknown keyword; its
 *  postData.params puts object keywords on an array, which strictTypes
 *  would refuse. */
export function harValidator() {
  const ajv = new Ajv({ strict: true, strictTypes: false, allErrors: true });
  formats.default(ajv);
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as AnySchemaObject);
  ajv.addVocabulary(['min', 'optional', 'unique']);
  const schemas = require('har-schema') as Record<string, AnySchema>;
  for (const [name, schema] of Object.entries(schemas)) if (name !== 'har') ajv.addSchema(schema);
  return ajv.compile(schemas.har);
}
