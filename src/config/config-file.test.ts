// The config file's JSON Schema (schemas/wispanel.config.schema.json),
// generated from the option table.
import { yamlValidator } from '../../test/helpers/schema-file.ts';
import { describe, expect, test } from 'vitest';
import { configFileSchema, FILE_KEYS } from './config-file.ts';
import { OPTIONS } from './options.ts';

const KEY = `wsp_${'c0ffee'.repeat(8)}`;

describe('its JSON Schema (schemas/wispanel.config.schema.json)', () => {
  const SCHEMA_FILE = new URL('../../schemas/wispanel.config.schema.json', import.meta.url);

  test('is generated from the option table: regenerate it with vitest -u when an option changes', async () => {
    await expect(`${JSON.stringify(configFileSchema(), null, 2)}\n`).toMatchFileSnapshot(SCHEMA_FILE.pathname);
    const schema = configFileSchema() as { properties: Record<string, unknown> };
    const runOptions = Object.values(OPTIONS).filter((o) => !('cliOnly' in o)).map((o) => o.flag);
    expect(Object.keys(schema.properties)).toEqual(runOptions);
    expect([...FILE_KEYS.keys()]).toEqual(runOptions);
  });

  test('accepts the files the CLI accepts and refuses the mistakes it refuses', () => {
    const valid = yamlValidator(SCHEMA_FILE);
    expect(valid('base-url: https://panel.example.com:2083/api/v1\ntoken: ${WISPANEL_TOKEN}\nprofile: certify\nrate: 30\ninclude: [auth, role]\nexclude: "validation, not-found"\nstrict: true\noperation: [createReseller]\nproduct-version: "2.10"\n')).toBe(true);
    expect(valid('rate: ${RATE}\nstrict: ${STRICT}\nprofile: ${PROFILE}\n')).toBe(true);
    for (const mistake of ['colour: red', `token: ${KEY}`, 'token: hello', 'rate: fast', 'rate: 0', 'include: [bogus]', 'profile: full', 'strict: maybe', 'product-version: 2.10', 'list: true']) {
      expect(valid(`${mistake}\n`), mistake).toBe(false);
    }
  });
});
