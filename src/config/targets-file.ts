// A fleet's targets file (--targets): the panels one run tests side by side.
// `defaults:` holds options of every panel, `targets:` one entry per panel,
// each read by the config file's own optionsFromObject, so that a value
// means the same in both files. Keys are refused as in the config file.
import type { Config } from './options.ts';
import { ConfigError } from './options.ts';
import { FILE_KEYS, optionProperties, optionsFromObject, readYamlFile } from './config-file.ts';

/** What a target may set: its panel, its keys and what is certified there;
 *  everything else is the same for every panel (defaults:). */
export const TARGET_KEYS = ['base-url', 'token', 'reseller-token', 'ca-file', 'insecure', 'product', 'product-version', 'vendor'] as const;

/** A target's name: its report folder and its prefix in JUnit and on the console. */
const NAME = /^[a-z0-9-]+$/;

export interface TargetEntry {
  name: string;
  options: Partial<Config>;
}

export interface TargetsFile {
  defaults: Partial<Config>;
  targets: TargetEntry[];
}

/** Reads and checks the whole file; the first mistake is one line naming
 *  the file, the target and the key. */
export function readTargetsFile(file: string, env: NodeJS.ProcessEnv, cwd: string): TargetsFile {
  const content = readYamlFile(`targets file ${file}`, file, cwd);
  if (!isMapping(content)) throw new ConfigError(`${file}: accepts a mapping with targets: (and defaults:), got ${describe(content)}`);
  const unknown = Object.keys(content).find((key) => key !== 'defaults' && key !== 'targets');
  if (unknown !== undefined) throw new ConfigError(`${file}: unknown key '${unknown}' (accepts defaults, targets)`);
  const defaults = readDefaults(content.defaults, file, env);
  const list = content.targets;
  if (!Array.isArray(list) || list.length === 0) {
    throw new ConfigError(`${file}: targets accepts a list of panels (- name: ..., base-url: ..., token: \${VAR}), got ${describe(list)}`);
  }
  const targets: TargetEntry[] = [];
  list.forEach((item: unknown, i) => {
    const target = readTarget(item, `${file}: targets[${i + 1}]`, file, env);
    const taken = targets.findIndex((t) => t.name === target.name);
    if (taken >= 0) throw new ConfigError(`${file}: target ${target.name}: the name is taken by targets[${taken + 1}]; names must be unique`);
    if (target.options.token === undefined && defaults.token === undefined) {
      throw new ConfigError(`${file}: target ${target.name}: token missing: give token: \${VAR} (here or under defaults:)`);
    }
    targets.push(target);
  });
  return { defaults, targets };
}

function readDefaults(value: unknown, file: string, env: NodeJS.ProcessEnv): Partial<Config> {
  if (value === undefined || value === null) return {};
  if (isMapping(value) && 'base-url' in value) throw new ConfigError(`${file}: defaults: base-url is per target: give each target its own`);
  return optionsFromObject(value, `${file}: defaults`, env);
}

function readTarget(item: unknown, where: string, file: string, env: NodeJS.ProcessEnv): TargetEntry {
  if (!isMapping(item)) throw new ConfigError(`${where}: accepts a mapping (name: ..., base-url: ..., token: \${VAR}), got ${describe(item)}`);
  const { name, ...rest } = item;
  if (name === undefined || name === null) throw new ConfigError(`${where}: name missing`);
  if (typeof name !== 'string' || !NAME.test(name))
    throw new ConfigError(`${where}: name accepts lowercase letters, digits and dashes ([a-z0-9-]), got ${JSON.stringify(name)}`);
  const here = `${file}: target ${name}`;
  const accepted = `name, ${TARGET_KEYS.join(', ')}`;
  for (const key of Object.keys(rest)) {
    if ((TARGET_KEYS as readonly string[]).includes(key)) continue;
    if (FILE_KEYS.has(key)) throw new ConfigError(`${here}: ${key} is not per target (a target takes ${accepted}); put it under defaults:`);
    throw new ConfigError(`${here}: unknown key '${key}' (accepts ${accepted})`);
  }
  const options = optionsFromObject(rest, here, env);
  if (options.baseUrl === undefined) throw new ConfigError(`${here}: base-url missing`);
  return { name, options };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  return Array.isArray(value) ? 'a list' : isMapping(value) ? 'a mapping' : JSON.stringify(value);
}

/** The JSON Schema of a targets file, from the option table; shipped as
 *  schemas/wispanel.targets.schema.json (a test keeps the two equal). */
export function targetsFileSchema(): Record<string, unknown> {
  const defaultKeys = [...FILE_KEYS.keys()].filter((name) => name !== 'base-url');
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:wispanel-conformance:targets:1',
    title: 'wispanel-conformance targets file (--targets): a fleet of panels',
    description:
      'defaults: options of every panel, by their long flag without the dashes; targets: one entry per panel, with a unique name. ${VAR} is replaced by the environment variable VAR (an unset one is an error); keys (token, reseller-token) may only be such references. Flags and environment variables win over the file, except base-url, token and reseller-token, which only a target (or, for the keys, defaults:) gives.',
    type: 'object',
    additionalProperties: false,
    required: ['targets'],
    properties: {
      defaults: {
        description: 'Options of every panel (any option of a run but base-url).',
        type: 'object',
        additionalProperties: false,
        properties: optionProperties(defaultKeys),
      },
      targets: {
        description: 'The panels, each run side by side with its own budgets, ledger and clean-up.',
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'base-url'],
          properties: {
            name: {
              description: 'Unique; names the panel on the console, in JUnit (eu-1.resellers.create) and its report folder.',
              type: 'string',
              pattern: NAME.source,
            },
            ...optionProperties(TARGET_KEYS),
          },
        },
      },
    },
  };
}
