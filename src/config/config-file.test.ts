// The config file read in process: options by their long flag, ${VAR} from
// the environment, keys refused, one line for every mistake; and its JSON
// Schema (schemas/wispanel.config.schema.json), generated from the option
// table. The CLI's side of it is test/cli-config-file.test.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { yamlValidator } from '../../test/helpers/schema-file.ts';
import { afterAll, describe, expect, test } from 'vitest';
import { configFileSchema, DEFAULT_CONFIG_FILE, FILE_KEYS, optionsFromObject, readConfigFile, readYamlFile } from './config-file.ts';
import { ConfigError, OPTIONS } from './options.ts';

const KEY = `wsp_${'c0ffee'.repeat(8)}`;

describe('its JSON Schema (schemas/wispanel.config.schema.json)', () => {
  const SCHEMA_FILE = new URL('../../schemas/wispanel.config.schema.json', import.meta.url);

  test('is generated from the option table: regenerate it with vitest -u when an option changes', async () => {
    await expect(`${JSON.stringify(configFileSchema(), null, 2)}\n`).toMatchFileSnapshot(SCHEMA_FILE.pathname);
    const schema = configFileSchema() as { properties: Record<string, unknown> };
    const runOptions = Object.values(OPTIONS)
      .filter((o) => !('cliOnly' in o))
      .map((o) => o.flag);
    expect(Object.keys(schema.properties)).toEqual(runOptions);
    expect([...FILE_KEYS.keys()]).toEqual(runOptions);
  });

  test('accepts the files the CLI accepts and refuses the mistakes it refuses', () => {
    const valid = yamlValidator(SCHEMA_FILE);
    expect(
      valid(
        'base-url: https://panel.example.com:2083/api/v1\ntoken: ${WISPANEL_TOKEN}\nprofile: certify\nrate: 30\ninclude: [auth, role]\nexclude: "validation, not-found"\nstrict: true\noperation: [createReseller]\nproduct-version: "2.10"\n',
      ),
    ).toBe(true);
    expect(valid('rate: ${RATE}\nstrict: ${STRICT}\nprofile: ${PROFILE}\n')).toBe(true);
    for (const mistake of [
      'colour: red',
      `token: ${KEY}`,
      'token: hello',
      'rate: fast',
      'rate: 0',
      'include: [bogus]',
      'profile: full',
      'strict: maybe',
      'product-version: 2.10',
      'list: true',
    ]) {
      expect(valid(`${mistake}\n`), mistake).toBe(false);
    }
  });
});

describe('readConfigFile', () => {
  const root = mkdtempSync(join(tmpdir(), 'wispanel-config-file-unit-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** The options of a wispanel.config.yaml holding `text`, read from a fresh folder. */
  const read = (text: string, env: NodeJS.ProcessEnv = {}) => {
    const dir = mkdtempSync(join(root, 'wd-'));
    writeFileSync(join(dir, 'wispanel.config.yaml'), text);
    return readConfigFile('wispanel.config.yaml', env, dir);
  };
  const refusal = (text: string, env: NodeJS.ProcessEnv = {}) => {
    try {
      read(text, env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    throw new Error('expected a ConfigError');
  };

  test('options by their long flag, typed as the flags are; YAML lists and numbers as their text would be', () => {
    expect(
      read(
        'base-url: https://panel.example.com:2083/api/v1/\nprofile: certify\nrate: 30\nstrict: true\ninclude: [auth, role]\nexclude: "validation, not-found"\noperation: [createReseller]\nunavailable-budget: 45\n',
      ),
    ).toEqual({
      baseUrl: 'https://panel.example.com:2083/api/v1',
      profile: 'certify',
      rate: 30,
      unavailableBudget: 45,
      strict: true,
      include: ['auth', 'role'],
      exclude: ['validation', 'not-found'],
      operation: ['createReseller'],
    });
  });

  test('${VAR} from the environment, in lists too; $${ is a literal ${; an empty value or variable is no value; an empty file sets nothing', () => {
    const env = { PANEL_KEY: KEY, KIND: 'auth', EMPTY: '' };
    expect(read('token: ${PANEL_KEY}\ninclude: ["${KIND}", role]\nfilter: "$${x}|."\nprofile: ${EMPTY}\nvendor:\n', env)).toEqual({
      token: KEY,
      include: ['auth', 'role'],
      filter: '${x}|.',
    });
    expect(read('')).toEqual({});
    expect(read('# nothing yet\n')).toEqual({});
  });

  test.for([
    ['a literal key', `token: ${KEY}\n`, 'wispanel.config.yaml: line 1 holds an API key; keys come from the environment: use token: ${WISPANEL_TOKEN}'],
    [
      'a literal key in a comment',
      `profile: certify\n# old: ${KEY}\n`,
      'wispanel.config.yaml: line 2 holds an API key; keys come from the environment: use token: ${WISPANEL_TOKEN}',
    ],
    ['an unset variable', 'base-url: ${PANEL_URL}\n', 'wispanel.config.yaml: base-url refers to ${PANEL_URL}, which is not set in the environment'],
    [
      'a reference to a malformed key',
      'reseller-token: ${SHORT}\n',
      'wispanel.config.yaml: reseller-token accepts an API key: wsp_ and 48 hex characters; the value given has 12 characters after wsp_ (not shown)',
    ],
    [
      'a key that is no reference',
      'reseller-token: hello\n',
      'wispanel.config.yaml: reseller-token accepts only a reference to the environment, such as ${WISPANEL_TOKEN}: keys come from the environment',
    ],
    ['a mode of the command line', 'list: true\n', "wispanel.config.yaml: unknown key 'list' (accepts base-url, token, "],
    ['a number out of range', 'rate: 0\n', "wispanel.config.yaml: rate accepts an integer from 1 to 100000, got '0'"],
    ['a list for a number', 'timeout: [1]\n', 'wispanel.config.yaml: timeout accepts an integer from 1 to 3600, got [1]'],
    [
      'a list of non-text',
      'include: [1, 2]\n',
      'wispanel.config.yaml: include accepts a comma-separated list of positive, lifecycle, auth, role, key, validation, not-found, rate-limit, refusals (or a YAML list), got [1,2]',
    ],
    ['a number for text', 'product-version: 2.10\n', 'wispanel.config.yaml: product-version accepts a string, got 2.1 (a number: put text in quotes)'],
    ['a switch for text', 'vendor: true\n', 'wispanel.config.yaml: vendor accepts a string, got true (a boolean: put text in quotes)'],
    ['a list at the top', '- profile: certify\n', 'wispanel.config.yaml: accepts a mapping of options (key: value), got a list'],
    ['text at the top', 'certify\n', 'wispanel.config.yaml: accepts a mapping of options (key: value), got string'],
    ['broken YAML', 'profile: certify\nprofile: default\n', 'wispanel.config.yaml: not valid YAML: Map keys must be unique at line 2, column 1'],
    [
      'a malformed reference',
      'vendor: ${not a name}\n',
      "wispanel.config.yaml: vendor: '${not a name}' is not a reference to an environment variable (write $${ for a literal ${)",
    ],
  ])('%s: one line naming the file and the key', ([, text, line]) => {
    const message = refusal(text, { SHORT: KEY.slice(0, 16) });
    expect(message.startsWith(line), message).toBe(true);
    expect(message).not.toContain('\n');
    expect(message).not.toContain(KEY.slice(4));
  });

  test('a file that cannot be read names itself as given and the reason', () => {
    expect(() => readConfigFile('missing.yaml', {}, root)).toThrow(new ConfigError('config file missing.yaml: cannot read it (ENOENT)'));
    expect(() => readConfigFile('.', {}, root)).toThrow(new ConfigError('config file .: cannot read it (EISDIR)'));
  });
});

describe('optionsFromObject', () => {
  test('reads one options object as a file does; `source` names it in errors', () => {
    expect(optionsFromObject({ 'rate-window-ms': 1000, insecure: false, 'ca-file': 'ca.pem' }, 'here', {})).toEqual({
      rateWindowMs: 1000,
      insecure: false,
      caFile: 'ca.pem',
    });
    expect(() => optionsFromObject({ colour: 'red' }, 'panels.yaml: defaults', {})).toThrow(/^panels\.yaml: defaults: unknown key 'colour' \(accepts /);
    expect(() => optionsFromObject(null, 'here', {})).toThrow('here: accepts a mapping of options (key: value), got object');
  });

  test('FILE_KEYS: every option of a run, and no mode of the command line', () => {
    expect(FILE_KEYS.get('base-url')).toBe('baseUrl');
    expect(FILE_KEYS.get('rate-window-ms')).toBe('rateWindowMs');
    for (const mode of ['config', 'targets', 'shard', 'cleanup-only', 'list', 'json', 'help', 'version']) expect(FILE_KEYS.has(mode), mode).toBe(false);
    expect(DEFAULT_CONFIG_FILE).toBe('wispanel.config.yaml');
  });
});

describe('readYamlFile', () => {
  test('the parsed document, aliases and all; a key in it is refused before parsing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wispanel-yaml-'));
    try {
      writeFileSync(join(dir, 'a.yaml'), 'base: &b { rate: 5 }\nother: *b\n');
      expect(readYamlFile('a file', 'a.yaml', dir)).toEqual({ base: { rate: 5 }, other: { rate: 5 } });
      writeFileSync(join(dir, 'k.yaml'), `x: [unclosed\ny: ${KEY}\n`);
      expect(() => readYamlFile('a file', 'k.yaml', dir)).toThrow('k.yaml: line 2 holds an API key');
      expect(() => readYamlFile('the thing', 'none.yaml', dir)).toThrow('the thing: cannot read it (ENOENT)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
