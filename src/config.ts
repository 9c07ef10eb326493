// One typed configuration: every flag, its environment name, default and
// validation live in OPTIONS; help text and the redacted copy in reports are
// derived from it.
import { CASE_KINDS, type CaseKind } from './cases/kinds/index.ts';

export class ConfigError extends Error {}

type Kind = 'string' | 'secret' | 'url' | 'file' | 'int' | 'bool' | 'list' | 'choice' | 'regex';

interface OptionSpec {
  flag: string;
  env?: string;
  kind: Kind;
  help: string;
  /** Shown in help; the parsed default is in DEFAULTS. */
  placeholder?: string;
  choices?: readonly string[];
  min?: number;
  max?: number;
}

export const PROFILES = ['default', 'certify'] as const;

export const OPTIONS = {
  baseUrl: { flag: 'base-url', env: 'WISPANEL_BASE_URL', kind: 'url', placeholder: 'URL', help: 'API root of the panel, e.g. https://panel.example.com:2083/api/v1. Without it, the embedded reference server is started and tested.' },
  token: { flag: 'token', env: 'WISPANEL_TOKEN', kind: 'secret', placeholder: 'KEY', help: 'Admin API key (wsp_...). Required with --base-url.' },
  resellerToken: { flag: 'reseller-token', env: 'WISPANEL_RESELLER_TOKEN', kind: 'secret', placeholder: 'KEY', help: 'A reseller API key for the role cases. Without it, the suite creates a reseller and mints a key for it.' },
  junit: { flag: 'junit', env: 'WISPANEL_JUNIT', kind: 'file', placeholder: 'FILE', help: 'Write JUnit XML to FILE.' },
  report: { flag: 'report', env: 'WISPANEL_REPORT', kind: 'file', placeholder: 'DIR', help: 'Write the certification report (report.json, report.md, report.html) to DIR.' },
  seed: { flag: 'seed', env: 'WISPANEL_SEED', kind: 'int', placeholder: 'N', min: 0, max: 2 ** 31 - 1, help: 'Seed of the generated data; replays a run. Default: random, printed.' },
  profile: { flag: 'profile', env: 'WISPANEL_PROFILE', kind: 'choice', choices: PROFILES, placeholder: 'NAME', help: 'default: the documented checks, within one rate window per key (the CI gate). certify: every case, including inferred conventions and the active rate-limit test.' },
  include: { flag: 'include', env: 'WISPANEL_INCLUDE', kind: 'list', choices: CASE_KINDS, placeholder: 'KINDS', help: `Add case kinds to the profile (comma-separated: ${CASE_KINDS.join(', ')}).` },
  exclude: { flag: 'exclude', env: 'WISPANEL_EXCLUDE', kind: 'list', choices: CASE_KINDS, placeholder: 'KINDS', help: 'Turn case kinds off; they are reported as disabled.' },
  filter: { flag: 'filter', env: 'WISPANEL_FILTER', kind: 'regex', placeholder: 'REGEX', help: 'Run only the cases whose ID or title matches; the others are reported as disabled.' },
  strict: { flag: 'strict', env: 'WISPANEL_STRICT', kind: 'bool', help: 'Inferred conventions fail the run instead of warning.' },
  lenient: { flag: 'lenient', env: 'WISPANEL_LENIENT', kind: 'bool', help: 'Standard requirements (no 5xx, writes take effect, a duplicate never overwrites) warn instead of failing the run.' },
  readOnly: { flag: 'read-only', env: 'WISPANEL_READ_ONLY', kind: 'bool', help: 'Send GET requests only; write cases are skipped.' },
  rate: { flag: 'rate', env: 'WISPANEL_RATE', kind: 'int', placeholder: 'N', min: 1, max: 100_000, help: 'Requests per minute per API key (the documented budget).' },
  rateWindowMs: { flag: 'rate-window-ms', env: 'WISPANEL_RATE_WINDOW_MS', kind: 'int', placeholder: 'MS', min: 100, max: 3_600_000, help: 'Length of the rate window in ms. For test servers with short windows.' },
  concurrency: { flag: 'concurrency', env: 'WISPANEL_CONCURRENCY', kind: 'int', placeholder: 'N', min: 1, max: 64, help: 'Requests in flight to the panel at once; independent cases run side by side, a record\'s steps in order. 1 runs the cases one after another.' },
  timeout: { flag: 'timeout', env: 'WISPANEL_TIMEOUT', kind: 'int', placeholder: 'SECONDS', min: 1, max: 3600, help: 'Per-request timeout.' },
  runTimeout: { flag: 'run-timeout', env: 'WISPANEL_RUN_TIMEOUT', kind: 'int', placeholder: 'SECONDS', min: 10, max: 86_400, help: 'Timeout of the whole run.' },
  caFile: { flag: 'ca-file', env: 'WISPANEL_CA_FILE', kind: 'file', placeholder: 'PATH', help: 'Trust this CA (PEM) for HTTPS, e.g. a panel\'s self-signed certificate.' },
  insecure: { flag: 'insecure', env: 'WISPANEL_INSECURE', kind: 'bool', help: 'Do not verify TLS certificates (the report says so).' },
  cleanupOnly: { flag: 'cleanup-only', kind: 'string', placeholder: 'RUN_ID', help: 'Delete the leftovers of an interrupted run (resellers named with its prefix) and nothing else.' },
  list: { flag: 'list', kind: 'bool', help: 'Print the planned cases, requirements and the estimate; send nothing.' },
  baseline: { flag: 'baseline', env: 'WISPANEL_BASELINE', kind: 'file', placeholder: 'FILE', help: 'An earlier report.json: fail only on requirements that passed there and fail now.' },
  expectFailures: { flag: 'expect-failures', env: 'WISPANEL_EXPECT_FAILURES', kind: 'file', placeholder: 'FILE', help: 'Requirement IDs known to fail, one per line with "# reason".' },
  product: { flag: 'product', env: 'WISPANEL_PRODUCT', kind: 'string', placeholder: 'NAME', help: 'Product under test, for the certification report.' },
  productVersion: { flag: 'product-version', env: 'WISPANEL_PRODUCT_VERSION', kind: 'string', placeholder: 'V', help: 'Its version.' },
  vendor: { flag: 'vendor', env: 'WISPANEL_VENDOR', kind: 'string', placeholder: 'NAME', help: 'Its vendor.' },
  referenceFault: { flag: 'reference-fault', kind: 'string', placeholder: 'NAME', help: 'Embedded reference server only: inject a named fault (see npm run reference -- --list-faults).' },
  help: { flag: 'help', kind: 'bool', help: 'Show this help.' },
  version: { flag: 'version', kind: 'bool', help: 'Print the suite version.' },
} as const satisfies Record<string, OptionSpec>;

type Options = typeof OPTIONS;
type ValueOf<K extends Kind> = K extends 'int' ? number : K extends 'bool' ? boolean : K extends 'list' ? string[] : string;

export type Config = { [K in keyof Options]?: ValueOf<Options[K]['kind']> } & {
  profile: (typeof PROFILES)[number];
  rate: number;
  rateWindowMs: number;
  concurrency: number;
  timeout: number;
  runTimeout: number;
  strict: boolean;
  lenient: boolean;
  readOnly: boolean;
  insecure: boolean;
  include: CaseKind[];
  exclude: CaseKind[];
};

export const DEFAULTS = {
  profile: 'default',
  rate: 60,
  rateWindowMs: 60_000,
  concurrency: 8,
  timeout: 30,
  runTimeout: 3600,
  strict: false,
  lenient: false,
  readOnly: false,
  insecure: false,
  include: [],
  exclude: [],
} as const;

/** Flags, then environment, then defaults. Throws ConfigError with one line. */
export function parseConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): Config {
  const byFlag = new Map<string, keyof Options>(Object.entries(OPTIONS).map(([key, o]) => [o.flag as string, key as keyof Options]));
  const given: Partial<Record<keyof Options, string | true>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h') { given.help = true; continue; }
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (!m) throw new ConfigError(`unexpected argument '${arg}' (see --help)`);
    const key = byFlag.get(m[1]!);
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
  const config: Record<string, unknown> = { ...DEFAULTS };
  for (const [key, spec] of Object.entries(OPTIONS) as [keyof Options, OptionSpec][]) {
    const fromFlag = given[key];
    const fromEnv = 'env' in spec && spec.env ? env[spec.env] : undefined;
    const raw = fromFlag ?? (fromEnv === '' ? undefined : fromEnv);
    if (raw === undefined) continue;
    const source = fromFlag !== undefined ? `--${spec.flag}` : spec.env!;
    config[key] = convert(spec, raw, source);
  }
  return validate(config as Config);
}

function convert(spec: OptionSpec, raw: string | true, source: string): unknown {
  if (spec.kind === 'bool') {
    if (raw === true) return true;
    if (/^(1|true|yes)$/i.test(raw)) return true;
    if (/^(0|false|no)$/i.test(raw)) return false;
    throw new ConfigError(`${source} accepts true or false, got '${raw}'`);
  }
  const value = raw as string;
  switch (spec.kind) {
    case 'int': {
      const n = Number(value);
      if (!/^\d+$/.test(value) || n < (spec.min ?? 0) || n > (spec.max ?? Number.MAX_SAFE_INTEGER)) {
        throw new ConfigError(`${source} accepts an integer from ${spec.min ?? 0} to ${spec.max}, got '${value}'`);
      }
      return n;
    }
    case 'url': {
      let url: URL;
      try { url = new URL(value); } catch { throw new ConfigError(`${source} accepts an http(s) URL such as https://panel.example.com:2083/api/v1, got '${value}'`); }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${source} accepts an http(s) URL, got '${url.protocol}' scheme`);
      if (url.username || url.password) throw new ConfigError(`${source} must not carry credentials; pass the key with --token`);
      return value.replace(/\/+$/, '');
    }
    case 'choice':
      if (!spec.choices!.includes(value)) throw new ConfigError(`${source} accepts one of ${spec.choices!.join(', ')}, got '${value}'`);
      return value;
    case 'list': {
      const items = value.split(',').map((s) => s.trim()).filter(Boolean);
      const bad = items.find((s) => !spec.choices!.includes(s));
      if (bad !== undefined || items.length === 0) throw new ConfigError(`${source} accepts a comma-separated list of ${spec.choices!.join(', ')}, got '${value}'`);
      return items;
    }
    case 'regex':
      try {
        new RegExp(value);
      } catch {
        throw new ConfigError(`${source} accepts a regular expression, got '${value}'`);
      }
      return value;
    case 'secret':
      if (!/^\S+$/.test(value)) throw new ConfigError(`${source} must be a single token without spaces`);
      return value;
    default:
      return value;
  }
}

function validate(config: Config): Config {
  if (config.help || config.version) return config;
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
  return config;
}

/** The configuration as it may appear in reports: secrets masked. */
export function redactedConfig(config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined || key === 'help' || key === 'version') continue;
    const spec: OptionSpec | undefined = OPTIONS[key as keyof Options];
    out[key] = spec?.kind === 'secret' ? '[redacted]' : value;
  }
  return out;
}

/** --help, from OPTIONS, DEFAULTS and the exit codes' meanings. */
export function helpText(exitCodes: ReadonlyArray<{ code: number; meaning: string }>): string {
  const rows = (Object.entries(OPTIONS) as [keyof Options, OptionSpec][]).map(([key, o]) => {
    const left = `  --${o.flag}${o.placeholder ? ` ${o.placeholder}` : ''}`;
    const fallback = (DEFAULTS as Record<string, unknown>)[key];
    const shown = o.kind !== 'bool' && fallback !== undefined && !(Array.isArray(fallback) && fallback.length === 0) ? ` (default ${fallback})` : '';
    const env = o.env ? ` [env ${o.env}]` : '';
    return `${left.padEnd(30)} ${o.help}${shown}${env}`;
  });
  return [
    'Usage: wispanel-conformance [options]',
    '',
    'Conformance suite for the WisPanel REST API, Resellers section. Runs the',
    'documented contract against a live panel, within 60 requests per minute per key.',
    '',
    'Options:',
    ...rows,
    '',
    'Exit codes:',
    ...exitCodes.map(({ code, meaning }) => `  ${String(code).padEnd(4)} ${meaning}`),
  ].join('\n');
}
