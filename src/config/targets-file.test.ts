// The targets file's JSON Schema (schemas/wispanel.targets.schema.json),
// generated from the option table.
import { yamlValidator } from '../../test/helpers/schema-file.ts';
import { describe, expect, test } from 'vitest';
import { targetsFileSchema, TARGET_KEYS } from './targets-file.ts';
import { FILE_KEYS } from './config-file.ts';

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
    expect(valid('defaults:\n  profile: certify\n  rate: 30\ntargets:\n  - name: eu-1\n    base-url: https://eu-1.example.net:2083/api/v1\n    token: ${EU1_TOKEN}\n    reseller-token: ${EU1_RESELLER_TOKEN}\n    ca-file: eu-1-ca.pem\n    product-version: "2.10"\n')).toBe(true);
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
