// A fleet's targets file read in process: defaults and one entry per
// panel, every mistake one line naming the file, the target and the key;
// and its JSON Schema (schemas/wispanel.targets.schema.json), generated from
// the option table. The CLI's side of it is test/cli-targets-file.test.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { yamlValidator } from '../../test/helpers/schema-file.ts';
import { afterAll, describe, expect, test } from 'vitest';
import { readTargetsFile, targetsFileSchema, TARGET_KEYS } from './targets-file.ts';
import { FILE_KEYS } from './config-file.ts';
import { ConfigError } from './options.ts';

const KEY = `wsp_${'c0ffee'.repeat(8)}`;

describe('its JSON Schema (schemas/wispanel.targets.schema.json)', () => {
  const SCHEMA_FILE = new URL('../../schemas/wispanel.targets.schema.json', import.meta.url);

  test('is generated from the option table: regenerate it with vitest -u when an option changes', async () => {
    await expect(`${JSON.stringify(targetsFileSchema(), null, 2)}\n`).toMatchFileSnapshot(SCHEMA_FILE.pathname);
    const schema = targetsFileSchema() as { properties: { defaults: { properties: object }; targets: { items: { properties: object } } } };
    expect(Object.keys(schema.properties.defaults.properties)).toEqual([...FILE_KEYS.keys()].filter((k) => k !== 'base-url'));
    expect(Object.keys(schema.properties.targets.items.properties)).toEqual(['name', ...TARGET_KEYS]);
  });

  test('accepts the files the CLI accepts and refuses the mistakes it refuses', () => {
    const valid = yamlValidator(SCHEMA_FILE);
    expect(
      valid(
        'defaults:\n  profile: certify\n  rate: 30\ntargets:\n  - name: eu-1\n    base-url: https://eu-1.example.net:2083/api/v1\n    token: ${EU1_TOKEN}\n    reseller-token: ${EU1_RESELLER_TOKEN}\n    ca-file: eu-1-ca.pem\n    product-version: "2.10"\n',
      ),
    ).toBe(true);
    for (const mistake of [
      'colour: red\ntargets: [{ name: a, base-url: "https://a/api" }]',
      'targets: []',
      'targets: [{ base-url: "https://a/api" }]',
      'targets: [{ name: "EU 1", base-url: "https://a/api" }]',
      'targets: [{ name: a }]',
      'targets: [{ name: a, base-url: "ftp://a/api" }]',
      'targets: [{ name: a, base-url: "https://a/api", profile: certify }]',
      `targets: [{ name: a, base-url: "https://a/api", token: ${KEY} }]`,
      'defaults: { base-url: "https://a/api" }\ntargets: [{ name: a, base-url: "https://a/api" }]',
      'defaults: { rate: fast }\ntargets: [{ name: a, base-url: "https://a/api" }]',
    ]) {
      expect(valid(`${mistake}\n`), mistake).toBe(false);
    }
  });
});

describe('readTargetsFile', () => {
  const root = mkdtempSync(join(tmpdir(), 'wispanel-targets-unit-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const ENV = { EU1_TOKEN: KEY, EU2_TOKEN: KEY, PASTED: `'${KEY}'` };
  const GOOD = [
    'targets:',
    '  - name: eu-1',
    '    base-url: https://eu-1.example.net/api/v1',
    '    token: ${EU1_TOKEN}',
    '  - name: eu-2',
    '    base-url: https://eu-2.example.net/api/v1',
    '    token: ${EU2_TOKEN}',
    '',
  ].join('\n');
  const withEu2 = (line: string) => `${GOOD}    ${line}\n`;

  const read = (text: string, env: NodeJS.ProcessEnv = ENV) => {
    const dir = mkdtempSync(join(root, 'wd-'));
    writeFileSync(join(dir, 'panels.yaml'), text);
    return readTargetsFile('panels.yaml', env, dir);
  };

  test("defaults for every panel, and each target's own options, in the file's order", () => {
    const file = read(`defaults:\n  profile: certify\n  rate-window-ms: 1000\n${GOOD}    insecure: true\n    product: Acme\n`);
    expect(file.defaults).toEqual({ profile: 'certify', rateWindowMs: 1000 });
    expect(file.targets).toEqual([
      { name: 'eu-1', options: { baseUrl: 'https://eu-1.example.net/api/v1', token: KEY } },
      { name: 'eu-2', options: { baseUrl: 'https://eu-2.example.net/api/v1', token: KEY, insecure: true, product: 'Acme' } },
    ]);
  });

  test('a token under defaults serves every target that gives none', () => {
    const file = read('defaults:\n  token: ${EU1_TOKEN}\ntargets:\n  - name: a\n    base-url: https://a.example/api\n');
    expect(file.defaults.token).toBe(KEY);
    expect(file.targets[0].options.token).toBeUndefined();
  });

  test.for([
    ['not a mapping', '- eu-1\n', 'panels.yaml: accepts a mapping with targets: (and defaults:), got a list'],
    ['an unknown top-level key', `colour: red\n${GOOD}`, "panels.yaml: unknown key 'colour' (accepts defaults, targets)"],
    ['no targets', 'defaults:\n  profile: certify\n', 'panels.yaml: targets accepts a list of panels (- name: ..., base-url: ..., token: ${VAR}), got nothing'],
    ['an empty list of targets', 'targets: []\n', 'panels.yaml: targets accepts a list of panels (- name: ..., base-url: ..., token: ${VAR}), got a list'],
    ['a target that is no mapping', 'targets:\n  - eu-1\n', 'panels.yaml: targets[1]: accepts a mapping (name: ..., base-url: ..., token: ${VAR}), got "eu-1"'],
    ['a target without a name', 'targets:\n  - base-url: https://a.example/api\n', 'panels.yaml: targets[1]: name missing'],
    [
      'a name that is not [a-z0-9-]',
      GOOD.replace('name: eu-2', 'name: EU 2'),
      'panels.yaml: targets[2]: name accepts lowercase letters, digits and dashes ([a-z0-9-]), got "EU 2"',
    ],
    ['a duplicate name', GOOD.replace('name: eu-2', 'name: eu-1'), 'panels.yaml: target eu-1: the name is taken by targets[1]; names must be unique'],
    ['an unknown key in a target', withEu2('colour: red'), `panels.yaml: target eu-2: unknown key 'colour' (accepts name, ${TARGET_KEYS.join(', ')})`],
    [
      'a key that is not per target',
      withEu2('profile: certify'),
      `panels.yaml: target eu-2: profile is not per target (a target takes name, ${TARGET_KEYS.join(', ')}); put it under defaults:`,
    ],
    ['a target without base-url', 'targets:\n  - name: eu-1\n    token: ${EU1_TOKEN}\n', 'panels.yaml: target eu-1: base-url missing'],
    [
      'a target without token',
      'targets:\n  - name: eu-1\n    base-url: https://a.example/api\n',
      'panels.yaml: target eu-1: token missing: give token: ${VAR} (here or under defaults:)',
    ],
    [
      'an unset variable',
      GOOD.replace('${EU2_TOKEN}', '${EU3_TOKEN}'),
      'panels.yaml: target eu-2: token refers to ${EU3_TOKEN}, which is not set in the environment',
    ],
    [
      'a malformed key',
      GOOD.replace('${EU2_TOKEN}', '${PASTED}'),
      'panels.yaml: target eu-2: token accepts an API key: wsp_ and 48 hex characters; the value given does not start with wsp_ (not shown)',
    ],
    ['a literal key', GOOD.replace('${EU2_TOKEN}', KEY), 'panels.yaml: line 7 holds an API key; keys come from the environment: use token: ${WISPANEL_TOKEN}'],
    [
      'base-url in defaults',
      `defaults:\n  base-url: https://a.example/api\n${GOOD}`,
      'panels.yaml: defaults: base-url is per target: give each target its own',
    ],
    ['a bad value in defaults', `defaults:\n  rate: fast\n${GOOD}`, "panels.yaml: defaults: rate accepts an integer from 1 to 100000, got 'fast'"],
  ])('%s: one line naming the file, the target and the key', ([, text, line]) => {
    let message = '';
    try {
      read(text);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toBe(line);
  });

  test('a file that cannot be read', () => {
    expect(() => readTargetsFile('missing.yaml', ENV, root)).toThrow(new ConfigError('targets file missing.yaml: cannot read it (ENOENT)'));
  });
});
