// A shipped JSON Schema (schemas/*.schema.json) as an editor applies it to a
// YAML file: strict ajv with formats; whether a text passes.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

export function yamlValidator(schemaFile: URL): (text: string) => boolean {
  const ajv = new Ajv2020({ strict: true, allErrors: false });
  formats.default(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
  return (text) => validate(parseYaml(text));
}
