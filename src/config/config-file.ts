// The config file (YAML): any option of a run by its long flag without the
// dashes, `${VAR}` taken from the environment. Keys never stand in it
// literally: a committed file must not leak one. One options object is
// parsed by optionsFromObject, so that a file holding several of them (a
// fleet's `defaults:` and `targets:`) reads each the same way.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { yaml } from '../model/lazy-modules.ts';
import { accepts, ConfigError, convertOption, DEFAULTS, OPTIONS, optionEntries, type Config, type OptionKey, type OptionSpec } from './options.ts';

/** Read from the working directory when neither --config nor
 *  WISPANEL_CONFIG names a file. */
export const DEFAULT_CONFIG_FILE = 'wispanel.config.yaml';

/** A key as the server issues them; the shape the redaction masks too. */
const LITERAL_KEY = /\bwsp_[0-9a-fA-F]+\b/;
/** `${NAME}`; `$${` stands for a literal `${`. */
const REFERENCE = /\$(\$?)\{([^}]*)\}/g;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The options a config file may hold, by key: every option of a run
 *  (modes such as --list or --cleanup-only stay on the command line). */
export const FILE_KEYS: ReadonlyMap<string, OptionKey> = new Map(
  optionEntries()
    .filter(([, spec]) => !spec.cliOnly)
    .map(([key, spec]) => [spec.flag, key]),
);

/** The options of a config file; `file` is named as given in every error. */
export function readConfigFile(file: string, env: NodeJS.ProcessEnv, cwd = process.cwd()): Partial<Config> {
  const content = readYamlFile(`config file ${file}`, file, cwd);
  return content === null || content === undefined ? {} : optionsFromObject(content, file, env);
}

/** A YAML file of options (a config file, a fleet's targets file) as
 *  parsed, once no line of it holds a key; `what` names it when it cannot
 *  be read. */
export function readYamlFile(what: string, file: string, cwd: string): unknown {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (err) {
    throw new ConfigError(`${what}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const line = text.split('\n').findIndex((l) => LITERAL_KEY.test(l));
  if (line >= 0) throw new ConfigError(`${file}: line ${line + 1} holds an API key; keys come from the environment: use token: \${WISPANEL_TOKEN}`);
  const doc = yaml().parseDocument(text);
  const error = doc.errors[0];
  // Its first line says what and where: "... at line 2, column 1:".
  if (error) throw new ConfigError(`${file}: not valid YAML: ${error.message.split('\n')[0].replace(/:$/, '')}`);
  return doc.toJS();
}

/** One options object (a plain object, as YAML or JSON parse it) to the
 *  options it sets; `source` names it in errors (a file, or a file and the
 *  place in it). Values are the flags' text or their YAML types. */
export function optionsFromObject(object: unknown, source: string, env: NodeJS.ProcessEnv): Partial<Config> {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    throw new ConfigError(`${source}: accepts a mapping of options (key: value), got ${Array.isArray(object) ? 'a list' : typeof object}`);
  }
  const options: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(object)) {
    const key = FILE_KEYS.get(name);
    if (key === undefined) throw new ConfigError(`${source}: unknown key '${name}' (accepts ${[...FILE_KEYS.keys()].join(', ')})`);
    const spec: OptionSpec = OPTIONS[key];
    const raw = asText(spec, value, `${source}: ${name}`, env);
    if (raw !== undefined) options[key] = convertOption(spec, raw, `${source}: ${name}`);
  }
  return options;
}

/** A YAML value as the text a flag would give; undefined for no value (an
 *  empty one, as for an empty environment variable). */
function asText(spec: OptionSpec, value: unknown, where: string, env: NodeJS.ProcessEnv): string | undefined {
  const refuse = (): never => {
    const list = spec.kind === 'list' || spec.kind === 'ids' ? ' (or a YAML list)' : '';
    // YAML reads an unquoted 2.10 as the number 2.1.
    const textual = spec.kind === 'string' || spec.kind === 'file' || spec.kind === 'regex';
    const quote = textual && (typeof value === 'number' || typeof value === 'boolean') ? ` (a ${typeof value}: put text in quotes)` : '';
    throw new ConfigError(`${where} accepts ${accepts(spec)}${list}, got ${JSON.stringify(value)}${quote}`);
  };
  if (value === null) return undefined;
  if (typeof value === 'string') {
    if (spec.kind === 'secret' && !/^\$\{[^}]*\}$/.test(value)) {
      throw new ConfigError(`${where} accepts only a reference to the environment, such as \${WISPANEL_TOKEN}: keys come from the environment`);
    }
    const text = expand(value, where, env);
    return text === '' ? undefined : text;
  }
  if (typeof value === 'number' && spec.kind === 'int') return String(value);
  if (typeof value === 'boolean' && spec.kind === 'bool') return String(value);
  if (Array.isArray(value) && (spec.kind === 'list' || spec.kind === 'ids')) {
    if (value.some((item) => typeof item !== 'string')) refuse();
    return value.map((item: string) => expand(item, where, env)).join(',');
  }
  return refuse();
}

/** `${NAME}` from the environment; a variable that is not set is an error. */
function expand(value: string, where: string, env: NodeJS.ProcessEnv): string {
  return value.replace(REFERENCE, (_match, escaped: string, name: string) => {
    if (escaped) return `\${${name}}`;
    if (!VARIABLE_NAME.test(name))
      throw new ConfigError(`${where}: '\${${name}}' is not a reference to an environment variable (write $\${ for a literal \${)`);
    const set = env[name];
    if (set === undefined) throw new ConfigError(`${where} refers to \${${name}}, which is not set in the environment`);
    return set;
  });
}

/** A string holding a `${VAR}` reference: any option may be given so. */
const REFERENCE_SCHEMA = { type: 'string', pattern: '\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}' };

/** The JSON Schema of a config file, from the option table; shipped as
 *  schemas/wispanel.config.schema.json (a test keeps the two equal). */
export function configFileSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:wispanel-conformance:config:1',
    title: 'wispanel-conformance config file (wispanel.config.yaml)',
    description:
      'Options of a run, by their long flag without the dashes. ${VAR} is replaced by the environment variable VAR (an unset one is an error; $${ is a literal ${). Keys (token, reseller-token) may only be such references. Flags and environment variables win over the file.',
    type: 'object',
    additionalProperties: false,
    properties: optionProperties([...FILE_KEYS.keys()]),
  };
}

/** The JSON Schema of each option a file may hold, by its key in the file. */
export function optionProperties(names: readonly string[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const name of names) {
    const key = FILE_KEYS.get(name)!;
    const spec: OptionSpec = OPTIONS[key];
    const fallback = (DEFAULTS as Record<string, unknown>)[key];
    properties[name] = {
      description: spec.help + (spec.env ? ` The environment variable ${spec.env} wins over it.` : ''),
      ...(fallback === undefined ? {} : { default: fallback }),
      ...valueSchema(spec),
    };
  }
  return properties;
}

function valueSchema(spec: OptionSpec): Record<string, unknown> {
  const or = (schema: Record<string, unknown>) => ({ anyOf: [schema, REFERENCE_SCHEMA] });
  switch (spec.kind) {
    case 'secret':
      return { type: 'string', pattern: '^\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}$' };
    case 'int':
      return or({ type: 'integer', minimum: spec.min ?? 0, maximum: spec.max });
    case 'bool':
      return or({ type: 'boolean' });
    case 'choice':
      return or({ enum: [...spec.choices!] });
    case 'list': {
      const item = `(${spec.choices!.join('|')})`;
      return or({
        anyOf: [
          { type: 'array', minItems: 1, items: { enum: [...spec.choices!] } },
          { type: 'string', pattern: `^\\s*${item}(\\s*,\\s*${item})*\\s*$` },
        ],
      });
    }
    case 'ids':
      return {
        anyOf: [
          { type: 'array', minItems: 1, items: { type: 'string', pattern: '^([A-Za-z0-9_.-]+|.*\\$\\{.*)$' } },
          { type: 'string', minLength: 1 },
        ],
      };
    case 'url':
      return or({ type: 'string', pattern: '^https?://' });
    default:
      return { type: 'string' };
  }
}
