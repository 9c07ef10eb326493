// One typed table of options: every flag, its environment name, kind and
// bounds. The command line, the environment and the config file are parsed
// from it (config.ts, config-file.ts); help, the config file's JSON Schema and
// the redacted copy in reports are derived from it.
import { PROFILES } from '../model/case.ts';
import { CASE_KINDS, type CaseKind } from '../model/kinds.ts';

export class ConfigError extends Error {}

/** What --format accepts: the CI-native outputs. */
export const OUTPUT_FORMATS = ['plain', 'github'] as const;

/** ids: a comma-separated list checked against the spec later (operationIds,
 *  requirement IDs), not against a fixed list here. */
export type Kind = 'string' | 'secret' | 'url' | 'file' | 'int' | 'bool' | 'list' | 'ids' | 'choice' | 'regex';

export interface OptionSpec {
  flag: string;
  env?: string;
  kind: Kind;
  help: string;
  /** Shown in help; the parsed default is in DEFAULTS. */
  placeholder?: string;
  choices?: readonly string[];
  min?: number;
  max?: number;
  /** A mode or a question to the CLI itself, not a setting of a run: not
   *  accepted in a config file. */
  cliOnly?: true;
  /** A secret that must have the documented form of a WisPanel API key. */
  apiKey?: true;
}

/** The documented form of a key: `wsp_` and 48 hex characters. Anything
 *  else (a paste cut short, quotes, another product's key) is refused before
 *  the first request, rather than spent as a 401 on the preflight. */
const API_KEY_FORM = /^wsp_[0-9a-fA-F]{48}$/;

export const OPTIONS = {
  config: {
    flag: 'config',
    env: 'WISPANEL_CONFIG',
    kind: 'file',
    placeholder: 'FILE',
    cliOnly: true,
    help: 'Read options from a YAML file: keys are the long flags without dashes (base-url: ..., profile: certify), ${VAR} comes from the environment; flags and environment win over it. Default: wispanel.config.yaml in the working directory, when there is one.',
  },
  targets: {
    flag: 'targets',
    env: 'WISPANEL_TARGETS',
    kind: 'file',
    placeholder: 'FILE',
    cliOnly: true,
    help: 'Run a fleet: the panels of a YAML file (defaults: and targets: with name, base-url, token, ...), side by side in one process; reports per panel and a fleet index.',
  },
  shard: {
    flag: 'shard',
    env: 'WISPANEL_SHARD',
    kind: 'string',
    placeholder: 'I/N',
    cliOnly: true,
    help: 'Run shard I of N: the panels of a fleet (panel i goes to shard i mod N), or the independent cases of one panel (by a hash of the case ID; the chained suites run in shard 1). Needs --seed; join the shards with wispanel-conformance merge.',
  },
  baseUrl: {
    flag: 'base-url',
    env: 'WISPANEL_BASE_URL',
    kind: 'url',
    placeholder: 'URL',
    help: 'API root of the panel, e.g. https://panel.example.com:2083/api/v1. Without it, the embedded reference server is started and tested.',
  },
  token: { flag: 'token', env: 'WISPANEL_TOKEN', kind: 'secret', apiKey: true, placeholder: 'KEY', help: 'Admin API key (wsp_...). Required with --base-url.' },
  resellerToken: {
    flag: 'reseller-token',
    env: 'WISPANEL_RESELLER_TOKEN',
    kind: 'secret',
    apiKey: true,
    placeholder: 'KEY',
    help: 'A reseller API key for the role cases. Without it, the suite creates a reseller and mints a key for it.',
  },
  junit: { flag: 'junit', env: 'WISPANEL_JUNIT', kind: 'file', placeholder: 'FILE', help: 'Write JUnit XML to FILE.' },
  junitOmitDisabled: {
    flag: 'junit-omit-disabled',
    env: 'WISPANEL_JUNIT_OMIT_DISABLED',
    kind: 'bool',
    help: 'Leave the cases you turned off (disabled) out of the JUnit file.',
  },
  report: {
    flag: 'report',
    env: 'WISPANEL_REPORT',
    kind: 'file',
    placeholder: 'DIR',
    help: 'Write the certification report (report.json, report.md, report.html) to DIR.',
  },
  har: {
    flag: 'har',
    env: 'WISPANEL_HAR',
    kind: 'file',
    placeholder: 'FILE',
    help: 'Write every exchange of the cases as HAR 1.2 to FILE (keys redacted), for browser devtools and HAR viewers.',
  },
  format: {
    flag: 'format',
    env: 'WISPANEL_FORMAT',
    kind: 'choice',
    choices: OUTPUT_FORMATS,
    placeholder: 'NAME',
    help: 'CI-native output besides the console. github: one ::error annotation per failed requirement (::warning per warned one) and a Markdown job summary appended to $GITHUB_STEP_SUMMARY. plain: none. Default: github when GITHUB_ACTIONS=true, else plain.',
  },
  verbose: {
    flag: 'verbose',
    env: 'WISPANEL_VERBOSE',
    kind: 'bool',
    help: 'Print every failed case and every warning in full on the console, instead of one example per failed requirement and a few lines more.',
  },
  seed: {
    flag: 'seed',
    env: 'WISPANEL_SEED',
    kind: 'int',
    placeholder: 'N',
    min: 0,
    max: 2 ** 31 - 1,
    help: 'Seed of the generated data; replays a run. Default: random, printed.',
  },
  profile: {
    flag: 'profile',
    env: 'WISPANEL_PROFILE',
    kind: 'choice',
    choices: PROFILES,
    placeholder: 'NAME',
    help: 'default: the documented checks, within one rate window per key (the CI gate). certify: every case, including inferred conventions and the active rate-limit test.',
  },
  include: {
    flag: 'include',
    env: 'WISPANEL_INCLUDE',
    kind: 'list',
    choices: CASE_KINDS,
    placeholder: 'KINDS',
    help: `Add case kinds to the profile (comma-separated: ${CASE_KINDS.join(', ')}).`,
  },
  exclude: {
    flag: 'exclude',
    env: 'WISPANEL_EXCLUDE',
    kind: 'list',
    choices: CASE_KINDS,
    placeholder: 'KINDS',
    help: 'Turn case kinds off; they are reported as disabled.',
  },
  filter: {
    flag: 'filter',
    env: 'WISPANEL_FILTER',
    kind: 'regex',
    placeholder: 'REGEX',
    help: 'Run only the cases whose ID or title matches; the others are reported as disabled.',
  },
  operation: {
    flag: 'operation',
    env: 'WISPANEL_OPERATION',
    kind: 'ids',
    placeholder: 'IDS',
    help: 'Run only the cases of these operations (operationIds, comma-separated, as --list shows them); the others are reported as disabled.',
  },
  requirement: {
    flag: 'requirement',
    env: 'WISPANEL_REQUIREMENT',
    kind: 'ids',
    placeholder: 'IDS',
    help: 'Run only the cases that stand for any of these requirements (IDs, comma-separated); the others are reported as disabled.',
  },
  strict: { flag: 'strict', env: 'WISPANEL_STRICT', kind: 'bool', help: 'Inferred conventions fail the run instead of warning.' },
  lenient: {
    flag: 'lenient',
    env: 'WISPANEL_LENIENT',
    kind: 'bool',
    help: 'Standard requirements (no 5xx, a documented write takes effect, no request without a Bearer key served, a duplicate never overwrites) warn instead of failing the run.',
  },
  readOnly: { flag: 'read-only', env: 'WISPANEL_READ_ONLY', kind: 'bool', help: 'Send GET requests only; write cases are skipped.' },
  rate: {
    flag: 'rate',
    env: 'WISPANEL_RATE',
    kind: 'int',
    placeholder: 'N',
    min: 1,
    max: 100_000,
    help: 'Requests per minute per API key (the documented budget).',
  },
  rateWindowMs: {
    flag: 'rate-window-ms',
    env: 'WISPANEL_RATE_WINDOW_MS',
    kind: 'int',
    placeholder: 'MS',
    min: 100,
    max: 3_600_000,
    help: 'Length of the rate window in ms. For test servers with short windows.',
  },
  budgetRedis: {
    flag: 'budget-redis',
    env: 'WISPANEL_BUDGET_REDIS',
    kind: 'secret',
    placeholder: 'URL',
    help: "Share each key's budget with every process pointed at this Redis (redis://[:password@]host:port[/db]): several runs on one key stay within its limit together. The window must be whole seconds.",
  },
  concurrency: {
    flag: 'concurrency',
    env: 'WISPANEL_CONCURRENCY',
    kind: 'int',
    placeholder: 'N',
    min: 1,
    max: 64,
    help: "Requests in flight to the panel at once; independent cases run side by side, a record's steps in order. 1 runs the cases one after another.",
  },
  timeout: { flag: 'timeout', env: 'WISPANEL_TIMEOUT', kind: 'int', placeholder: 'SECONDS', min: 1, max: 3600, help: 'Per-request timeout.' },
  unavailableBudget: {
    flag: 'unavailable-budget',
    env: 'WISPANEL_UNAVAILABLE_BUDGET',
    kind: 'int',
    placeholder: 'SECONDS',
    min: 1,
    max: 3600,
    help: "How long the panel may stay unavailable at a stretch (a proxy's 502, 503 or 504, or reset connections) while its requests wait; past it the run ends INCOMPLETE (exit 3).",
  },
  runTimeout: {
    flag: 'run-timeout',
    env: 'WISPANEL_RUN_TIMEOUT',
    kind: 'int',
    placeholder: 'SECONDS',
    min: 10,
    max: 86_400,
    help: 'Timeout of the whole run.',
  },
  caFile: {
    flag: 'ca-file',
    env: 'WISPANEL_CA_FILE',
    kind: 'file',
    placeholder: 'PATH',
    help: "Trust this CA (PEM) for HTTPS, e.g. a panel's self-signed certificate.",
  },
  insecure: { flag: 'insecure', env: 'WISPANEL_INSECURE', kind: 'bool', help: 'Do not verify TLS certificates (the report says so).' },
  cleanupOnly: {
    flag: 'cleanup-only',
    kind: 'string',
    placeholder: 'RUN_ID',
    cliOnly: true,
    help: 'Delete the leftovers of an interrupted run (resellers named with its prefix) and nothing else.',
  },
  list: { flag: 'list', kind: 'bool', cliOnly: true, help: 'Print the planned cases, requirements and the estimate; send nothing.' },
  json: { flag: 'json', kind: 'bool', cliOnly: true, help: 'With --list: print the plan and the requirement catalogue as JSON.' },
  baseline: {
    flag: 'baseline',
    env: 'WISPANEL_BASELINE',
    kind: 'file',
    placeholder: 'FILE',
    help: 'An earlier report.json: fail only on requirements that passed there and fail now.',
  },
  expectFailures: {
    flag: 'expect-failures',
    env: 'WISPANEL_EXPECT_FAILURES',
    kind: 'file',
    placeholder: 'FILE',
    help: 'Requirement IDs known to fail, one per line with "# reason".',
  },
  product: { flag: 'product', env: 'WISPANEL_PRODUCT', kind: 'string', placeholder: 'NAME', help: 'Product under test, for the certification report.' },
  productVersion: { flag: 'product-version', env: 'WISPANEL_PRODUCT_VERSION', kind: 'string', placeholder: 'V', help: 'Its version.' },
  vendor: { flag: 'vendor', env: 'WISPANEL_VENDOR', kind: 'string', placeholder: 'NAME', help: 'Its vendor.' },
  referenceFault: {
    flag: 'reference-fault',
    kind: 'string',
    placeholder: 'NAME',
    help: 'Embedded reference server only: inject a named fault (list them with wispanel-reference --list-faults).',
  },
  help: { flag: 'help', kind: 'bool', cliOnly: true, help: 'Show this help.' },
  version: { flag: 'version', kind: 'bool', cliOnly: true, help: 'Print the suite version.' },
} as const satisfies Record<string, OptionSpec>;

export type Options = typeof OPTIONS;
export type OptionKey = keyof Options;
type ValueOf<K extends Kind> = K extends 'int' ? number : K extends 'bool' ? boolean : K extends 'list' | 'ids' ? string[] : string;

export type Config = { [K in OptionKey]?: ValueOf<Options[K]['kind']> } & {
  profile: (typeof PROFILES)[number];
  rate: number;
  rateWindowMs: number;
  concurrency: number;
  timeout: number;
  unavailableBudget: number;
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
  unavailableBudget: 30,
  runTimeout: 3600,
  strict: false,
  lenient: false,
  readOnly: false,
  insecure: false,
  include: [],
  exclude: [],
} as const;

/** Every option with its spec, in table order. */
export function optionEntries(): [OptionKey, OptionSpec][] {
  return Object.entries(OPTIONS) as [OptionKey, OptionSpec][];
}

/** What an option accepts, in the words of every error about it. */
export function accepts(spec: OptionSpec): string {
  switch (spec.kind) {
    case 'bool':
      return 'true or false';
    case 'int':
      return `an integer from ${spec.min ?? 0} to ${spec.max}`;
    case 'url':
      return 'an http(s) URL such as https://panel.example.com:2083/api/v1';
    case 'choice':
      return `one of ${spec.choices!.join(', ')}`;
    case 'list':
      return `a comma-separated list of ${spec.choices!.join(', ')}`;
    case 'ids':
      return 'a comma-separated list of IDs';
    case 'regex':
      return 'a regular expression';
    case 'secret':
      return spec.apiKey ? 'an API key: wsp_ and 48 hex characters' : 'a single token without spaces';
    case 'file':
      return 'a path';
    case 'string':
      return 'a string';
  }
}

/** A raw value (flag, environment or file, as text) to its typed value;
 *  `source` names where it came from (--rate, WISPANEL_RATE, the file's key). */
export function convertOption(spec: OptionSpec, raw: string | true, source: string): unknown {
  const refuse = (got: string): never => {
    throw new ConfigError(`${source} accepts ${accepts(spec)}, got '${got}'`);
  };
  if (spec.kind === 'bool') {
    if (raw === true || /^(1|true|yes)$/i.test(raw)) return true;
    if (/^(0|false|no)$/i.test(raw)) return false;
    return refuse(raw);
  }
  const value = raw as string;
  switch (spec.kind) {
    case 'int': {
      const n = Number(value);
      if (!/^\d+$/.test(value) || n < (spec.min ?? 0) || n > (spec.max ?? Number.MAX_SAFE_INTEGER)) refuse(value);
      return n;
    }
    case 'url': {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        return refuse(value);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${source} accepts an http(s) URL, got '${url.protocol}' scheme`);
      if (url.username || url.password) throw new ConfigError(`${source} must not carry credentials; pass the key with --token`);
      // Paths are appended to it: a query or fragment would swallow them.
      if (/[?#]/.test(value)) throw new ConfigError(`${source} must be the API root, without a ?query or #fragment (a key goes in --token)`);
      return value.replace(/\/+$/, '');
    }
    case 'choice':
      if (!spec.choices!.includes(value)) refuse(value);
      return value;
    case 'list':
    case 'ids': {
      const items = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = spec.kind === 'list' ? items.find((s) => !spec.choices!.includes(s)) : items.find((s) => !/^[A-Za-z0-9_.-]+$/.test(s));
      if (bad !== undefined || items.length === 0) refuse(value);
      return items;
    }
    case 'regex':
      try {
        new RegExp(value);
      } catch {
        refuse(value);
      }
      return value;
    case 'secret':
      if (spec.apiKey && !API_KEY_FORM.test(value))
        throw new ConfigError(`${source} accepts ${accepts(spec)}; the value given ${unlikeKey(value)} (not shown)`);
      if (!/^\S+$/.test(value)) throw new ConfigError(`${source} must be a single token without spaces`);
      return value;
    default:
      return value;
  }
}

/** How a value misses the key form, in words that show none of it. */
function unlikeKey(value: string): string {
  if (/\s/.test(value)) return 'holds whitespace';
  if (!value.startsWith('wsp_')) return 'does not start with wsp_';
  const rest = value.length - 'wsp_'.length;
  if (rest !== 48) return `has ${rest} characters after wsp_`;
  return 'holds characters that are not hex';
}
