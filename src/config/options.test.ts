// The option table: every flag's kind and bounds, and how a raw value (a
// flag's, a variable's, a file's) becomes a typed one, or one line saying
// what the option accepts.
import { describe, expect, test } from 'vitest';
import { accepts, ConfigError, convertOption, DEFAULTS, OPTIONS, optionEntries, type OptionKey, type OptionSpec } from './options.ts';

const spec = (key: OptionKey): OptionSpec => OPTIONS[key];
const convert = (key: OptionKey, raw: string | true) => convertOption(spec(key), raw, `--${spec(key).flag}`);
const refusal = (key: OptionKey, raw: string) => {
  try {
    convert(key, raw);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`expected --${spec(key).flag} ${raw} to be refused`);
};

describe('convertOption', () => {
  test('switches: given, or true/false in the usual words', () => {
    expect(convert('strict', true)).toBe(true);
    expect(['1', 'true', 'YES', 'yes'].map((v) => convert('strict', v))).toEqual([true, true, true, true]);
    expect(['0', 'false', 'No'].map((v) => convert('strict', v))).toEqual([false, false, false]);
    expect(refusal('strict', 'maybe')).toBe("--strict accepts true or false, got 'maybe'");
  });

  test("integers within the option's bounds, digits only", () => {
    expect(convert('rate', '30')).toBe(30);
    expect(convert('rateWindowMs', '100')).toBe(100);
    for (const bad of ['0', '100001', '-1', '1.5', '1e3', ' 3', ''])
      expect(refusal('rate', bad)).toBe(`--rate accepts an integer from 1 to 100000, got '${bad}'`);
    expect(refusal('rateWindowMs', '99')).toBe("--rate-window-ms accepts an integer from 100 to 3600000, got '99'");
  });

  test('a URL: http(s), no credentials, no query or fragment; trailing slashes dropped', () => {
    expect(convert('baseUrl', 'https://panel.example.com:2083/api/v1//')).toBe('https://panel.example.com:2083/api/v1');
    expect(refusal('baseUrl', 'not a url')).toBe("--base-url accepts an http(s) URL such as https://panel.example.com:2083/api/v1, got 'not a url'");
    expect(refusal('baseUrl', 'ftp://panel.example.com/api')).toBe("--base-url accepts an http(s) URL, got 'ftp:' scheme");
    expect(refusal('baseUrl', 'https://user:pw@panel.example.com/api')).toBe('--base-url must not carry credentials; pass the key with --token');
    expect(refusal('baseUrl', 'https://panel.example.com/api#top')).toBe(
      '--base-url must be the API root, without a ?query or #fragment (a key goes in --token)',
    );
  });

  test('choices, lists of known kinds, lists of IDs', () => {
    expect(convert('profile', 'certify')).toBe('certify');
    expect(refusal('profile', 'full')).toBe("--profile accepts one of default, certify, got 'full'");
    expect(convert('include', ' auth , role,')).toEqual(['auth', 'role']);
    expect(refusal('include', 'auth,bogus')).toMatch(/^--include accepts a comma-separated list of positive, lifecycle, auth, .*, got 'auth,bogus'$/);
    expect(refusal('include', ' , ')).toMatch(/got ' , '$/);
    expect(convert('operation', 'createReseller,getReseller')).toEqual(['createReseller', 'getReseller']);
    expect(refusal('requirement', 'RES-GET-200,bad id')).toBe("--requirement accepts a comma-separated list of IDs, got 'RES-GET-200,bad id'");
  });

  test('a regular expression must compile; a secret is one token; text is taken as it is', () => {
    expect(convert('filter', '^auth\\.')).toBe('^auth\\.');
    expect(refusal('filter', '(')).toBe("--filter accepts a regular expression, got '('");
    expect(convert('budgetRedis', 'redis://:pw@127.0.0.1:6379')).toBe('redis://:pw@127.0.0.1:6379');
    expect(refusal('budgetRedis', 'redis://a b')).toBe('--budget-redis must be a single token without spaces');
    expect(convert('vendor', ' Acme  Inc ')).toBe(' Acme  Inc ');
    expect(convert('junit', 'out/junit.xml')).toBe('out/junit.xml');
  });

  test('a key has the documented form, wsp_ and 48 hex characters; a refusal says how it differs and never shows it', () => {
    const key = `wsp_${'0123456789abcdef'.repeat(3)}`;
    expect(convert('token', key)).toBe(key);
    expect(convert('resellerToken', key.toUpperCase().replace('WSP_', 'wsp_'))).toBe(key.toUpperCase().replace('WSP_', 'wsp_'));
    const refused: Array<[string, string]> = [
      [key.slice(0, -1), 'has 47 characters after wsp_'],
      [`${key}0`, 'has 49 characters after wsp_'],
      ['wsp_0123', 'has 4 characters after wsp_'],
      [key.replace('wsp_', 'wsk_'), 'does not start with wsp_'],
      [`"${key}"`, 'does not start with wsp_'],
      [`Bearer ${key}`, 'holds whitespace'],
      [`${key.slice(0, -1)}g`, 'holds characters that are not hex'],
      ['', 'does not start with wsp_'],
    ];
    for (const option of ['token', 'resellerToken'] as const) {
      for (const [raw, why] of refused) {
        const line = refusal(option, raw);
        expect(line).toBe(`--${spec(option).flag} accepts an API key: wsp_ and 48 hex characters; the value given ${why} (not shown)`);
        if (raw.length > 4) expect(line).not.toContain(raw.slice(4, 16));
      }
    }
  });
});

describe('the table', () => {
  test('in table order; each variable named after its flag', () => {
    const entries = optionEntries();
    expect(entries.map(([key]) => key)).toEqual(Object.keys(OPTIONS));
    for (const [key, o] of entries) {
      if (o.env !== undefined) expect(o.env, key).toBe(`WISPANEL_${o.flag.toUpperCase().replaceAll('-', '_')}`);
    }
    // What a run does not carry over from the environment: a mode of the command line.
    expect(entries.filter(([, o]) => o.env === undefined).map(([key]) => key)).toEqual(['cleanupOnly', 'list', 'json', 'referenceFault', 'help', 'version']);
  });

  test('every default is a value its option accepts', () => {
    for (const [key, value] of Object.entries(DEFAULTS) as [OptionKey, unknown][]) {
      const raw = Array.isArray(value) ? value.join(',') : String(value);
      if (Array.isArray(value) && value.length === 0) continue;
      expect(convertOption(spec(key), raw, key), key).toEqual(value);
    }
  });

  test('accepts: what each kind of option takes, in the words of its errors', () => {
    expect(accepts(spec('rate'))).toBe('an integer from 1 to 100000');
    expect(accepts(spec('seed'))).toBe(`an integer from 0 to ${2 ** 31 - 1}`);
    expect(accepts(spec('strict'))).toBe('true or false');
    expect(accepts(spec('profile'))).toBe('one of default, certify');
    expect(accepts(spec('operation'))).toBe('a comma-separated list of IDs');
    expect(accepts(spec('filter'))).toBe('a regular expression');
    expect(accepts(spec('token'))).toBe('an API key: wsp_ and 48 hex characters');
    expect(accepts(spec('budgetRedis'))).toBe('a single token without spaces');
    expect(accepts(spec('caFile'))).toBe('a path');
    expect(accepts(spec('vendor'))).toBe('a string');
  });
});
