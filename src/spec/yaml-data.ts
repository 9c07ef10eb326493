// The spec and the requirement catalogue are YAML, written and reviewed by
// hand. The installed package's build puts a JSON copy beside each
// (scripts/build.mjs): JSON.parse reads it in a fraction of the time YAML
// takes, before a run's first request. A checkout has none and parses the YAML.
import { existsSync, readFileSync } from 'node:fs';
import { yaml } from '../model/lazy-modules.ts';

/** The suffix of the build's JSON copy of a YAML file. */
export const JSON_COPY_SUFFIX = '.json';

/** The data of a YAML file (aliases allowed: the spec shares header and
 *  response maps through them), from its JSON copy when the build made one. */
export function readYamlData(file: string): unknown {
  const copy = `${file}${JSON_COPY_SUFFIX}`;
  if (existsSync(copy)) return JSON.parse(readFileSync(copy, 'utf8'));
  return yaml().parse(readFileSync(file, 'utf8'), { maxAliasCount: -1 });
}
