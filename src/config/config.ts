// The configuration of a run, from flags, then the environment, then the
// config file (config-file.ts), then the defaults; validated with one-line
// errors. The option table itself is in options.ts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG_FILE, readConfigFile } from './config-file.ts';
import { ConfigError, convertOption, DEFAULTS, OPTIONS, optionEntries, type Config, type OptionKey, type OptionSpec } from './options.ts';

/** Flags, then environment, then the config file, then defaults. Throws
 *  ConfigError with one line. */
export function parseConfig(argv: string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const sources = readSources(argv, env, cwd);
  // Each target of a fleet names its own panel and keys: none is taken (or
  // judged) from a flag, the environment or the config file, lest one
  // panel's key reach another. --targets is a flag or a variable only.
  const fleet = sources.given.targets !== undefined || nonEmpty(env[OPTIONS.targets.env]) !== undefined;
  const config = resolveConfig(sources, {}, fleet ? PER_PANEL : []);
  if (config.targets) {
    const flags = PER_PANEL.filter((key) => sources.given[key] !== undefined).map((key) => `--${OPTIONS[key].flag}`);
    if (flags.length) throw new ConfigError(`${flags.join(', ')} and --targets exclude each other: each target of ${config.targets} names its own`);
  }
  return validateConfig(config);
}

/** What a panel's own entry must say: never inherited by a target. */
export const PER_PANEL = ['baseUrl', 'token', 'resellerToken'] as const satisfies readonly OptionKey[];

/** Where a configuration comes from: the flags, the environment, the
 *  config file (read once). */
export interface ConfigSources {
  given: Partial<Record<OptionKey, string | true>>;
  env: NodeJS.ProcessEnv;
  /** The config file as named (--config, WISPANEL_CONFIG, or found). */
  file?: string;
  fromFile: Partial<Config>;
}

export function readSources(argv: string[], env: NodeJS.ProcessEnv, cwd: string): ConfigSources {
  const given = parseArgv(argv);
  const file =
    typeof given.config === 'string'
      ? given.config
      : (nonEmpty(env[OPTIONS.config.env]) ?? (existsSync(join(cwd, DEFAULT_CONFIG_FILE)) ? DEFAULT_CONFIG_FILE : undefined));
  // --help and --version answer even when the file is broken.
  const fromFile = file === undefined || given.help || given.version ? {} : readConfigFile(file, env, cwd);
  return { given, env, file, fromFile };
}

/** Flags > environment > `layer` (a fleet target's options over the file's
 *  defaults) > the config file > defaults. Keys in `ownOnly` come from the
 *  layer alone. Not validated: see validateConfig. */
export function resolveConfig({ given, env, file, fromFile }: ConfigSources, layer: Partial<Config> = {}, ownOnly: readonly OptionKey[] = []): Config {
  const config: Record<string, unknown> = { ...DEFAULTS };
  for (const [key, spec] of optionEntries()) {
    const own = ownOnly.includes(key);
    const fromFlag = own ? undefined : given[key];
    const fromEnv = !own && 'env' in spec && spec.env ? nonEmpty(env[spec.env]) : undefined;
    if (fromFlag !== undefined) config[key] = convertOption(spec, fromFlag, `--${spec.flag}`);
    else if (fromEnv !== undefined) config[key] = convertOption(spec, fromEnv, spec.env!);
    else if (key in layer) config[key] = layer[key];
    else if (!own && key in fromFile) config[key] = fromFile[key];
  }
  if (file !== undefined) config.config = file;
  return config as Config;
}

const nonEmpty = (value: string | undefined) => (value === '' ? undefined : value);

/** The flags as given: text values, true for switches. */
function parseArgv(argv: string[]): Partial<Record<OptionKey, string | true>> {
  const byFlag = new Map<string, OptionKey>(optionEntries().map(([key, o]) => [o.flag, key]));
  const given: Partial<Record<OptionKey, string | true>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h') {
      given.help = true;
      continue;
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (!m) throw new ConfigError(`unexpected argument '${arg}' (see --help)`);
    const key = byFlag.get(m[1]);
    if (!key) throw new ConfigError(`unknown flag --${m[1]} (see --help)`);
    const spec: OptionSpec = OPTIONS[key];
    if (spec.kind === 'bool') {
      if (m[2] !== undefined) throw new ConfigError(`--${spec.flag} takes no value`);
      given[key] = true;
    } else {
      const value = m[2] ?? argv[++i];
      if (value === undefined || (m[2] === undefined && value.startsWith('--'))) {
        throw new ConfigError(`--${spec.flag} needs a value: ${spec.placeholder ?? 'VALUE'}`);
      }
      given[key] = value;
    }
  }
  return given;
}

/** Throws ConfigError with one line for options that do not go together. */
export function validateConfig(config: Config): Config {
  if (config.help || config.version) return config;
  if (config.budgetRedis !== undefined && config.rateWindowMs % 1000 !== 0)
    throw new ConfigError(`--budget-redis shares windows of whole seconds, got --rate-window-ms ${config.rateWindowMs}`);
  if (config.budgetRedis !== undefined && !/^rediss?:\/\//.test(config.budgetRedis))
    throw new ConfigError('--budget-redis accepts a redis:// or rediss:// URL');
  if (config.targets) {
    for (const [key, why] of FLEET_REFUSED)
      if (config[key] !== undefined) throw new ConfigError(`--${OPTIONS[key].flag} applies to one panel, not to --targets: ${why}`);
  }
  if (config.strict && config.lenient) throw new ConfigError('--strict and --lenient exclude each other');
  if (config.caFile && config.insecure) throw new ConfigError('--ca-file and --insecure exclude each other: trust a CA, or skip verification');
  if (config.baseline && config.expectFailures) throw new ConfigError('--baseline and --expect-failures exclude each other');
  if (config.referenceFault && config.baseUrl) throw new ConfigError('--reference-fault applies to the embedded reference server only (no --base-url)');
  if (config.cleanupOnly !== undefined && !/^[a-z][a-z0-9]{5}$/.test(config.cleanupOnly)) {
    throw new ConfigError(`--cleanup-only accepts a run ID of 6 lowercase letters and digits, got '${config.cleanupOnly}'`);
  }
  if (config.baseUrl && !config.token && !config.list) {
    throw new ConfigError('--base-url needs an admin key: pass --token KEY or set WISPANEL_TOKEN');
  }
  if (config.cleanupOnly && !config.baseUrl) throw new ConfigError('--cleanup-only needs --base-url and --token of the server to clean');
  if (config.cleanupOnly && config.list) throw new ConfigError('--cleanup-only and --list exclude each other: one cleans a server, the other sends nothing');
  if (config.json && !config.list) throw new ConfigError('--json applies to --list only');
  if (config.shard !== undefined) {
    const shard = parseShard(config.shard);
    if (!shard) throw new ConfigError(`--shard accepts I/N, shard I of N (1 <= I <= N <= 64), got '${config.shard}'`);
    if (config.seed === undefined) throw new ConfigError('--shard needs --seed N, the same in every shard, so that their results can be merged');
  }
  return config;
}

/** Options of one panel that a fleet cannot take, and what to do instead. */
const FLEET_REFUSED: [OptionKey, string][] = [
  ['cleanupOnly', 'clean up each panel with --base-url, --token and its run ID'],
  ['referenceFault', 'the embedded reference server is never part of a fleet'],
  ['har', "each panel's exchanges are in its report (--report DIR)"],
  ['baseline', 'use --expect-failures, which applies to every panel'],
];

/** `I/N` to shard I (1-based) of N; undefined when malformed. */
export function parseShard(text: string): { index: number; count: number } | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) return undefined;
  const [index, count] = [Number(m[1]), Number(m[2])];
  return index >= 1 && index <= count && count <= 64 ? { index, count } : undefined;
}

/** The configuration as it may appear in reports: secrets masked. */
export function redactedConfig(config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined || key === 'help' || key === 'version') continue;
    const spec: OptionSpec | undefined = OPTIONS[key as OptionKey];
    out[key] = spec?.kind === 'secret' ? '[redacted]' : value;
  }
  return out;
}

/** --help, from the command's forms, OPTIONS, DEFAULTS and the exit codes'
 *  meanings. */
export function helpText(usages: readonly string[], exitCodes: ReadonlyArray<{ code: number; meaning: string }>): string {
  const rows = optionEntries().map(([key, o]) => {
    const left = `  --${o.flag}${o.placeholder ? ` ${o.placeholder}` : ''}`;
    const fallback = (DEFAULTS as Record<string, string | number | boolean | readonly string[] | undefined>)[key];
    const shown = o.kind !== 'bool' && fallback !== undefined && !(Array.isArray(fallback) && fallback.length === 0) ? ` (default ${String(fallback)})` : '';
    const env = o.env ? ` [env ${o.env}]` : '';
    return `${left.padEnd(30)} ${o.help}${shown}${env}`;
  });
  return [
    ...usages.map((usage, i) => `${i === 0 ? 'Usage: ' : '       '}${usage}`),
    '',
    'Conformance suite for the WisPanel REST API, Resellers section. Runs the',
    'documented contract against a live panel, within 60 requests per minute per key.',
    'Without --base-url it tests its embedded reference server; wispanel-reference runs that server on its own.',
    'merge joins the report.json (or fleet.json) files of the shards of one run (--shard) into one JUnit file and report.',
    '',
    'Levels: a failed documented requirement fails the run; a standard one (HTTP, data safety) too, unless --lenient;',
    'an inferred convention only warns, unless --strict.',
    '',
    'Options:',
    ...rows,
    '',
    'Exit codes:',
    ...exitCodes.map(({ code, meaning }) => `  ${String(code).padEnd(4)} ${meaning}`),
  ].join('\n');
}
