import { describe, expect, test } from 'vitest';
import { ConfigError, OPTIONS } from './options.ts';
import { helpText, parseConfig, redactedConfig } from './config.ts';
import { EXIT_MEANINGS } from '../cli/exit.ts';
import { USAGES } from '../cli/usage.ts';

const TOKEN = `wsp_${'ab'.repeat(24)}`;
const parse = (argv: string[], env: Record<string, string> = {}) => parseConfig(argv, env);
const error = (argv: string[], env: Record<string, string> = {}) => {
  try {
    parse(argv, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration', () => {
  test('defaults: the embedded server, the documented rate, the default profile', () => {
    const c = parse([]);
    expect(c).toMatchObject({ rate: 60, rateWindowMs: 60_000, timeout: 30, unavailableBudget: 30, profile: 'default', strict: false, readOnly: false });
    expect(c.baseUrl).toBeUndefined();
  });

  test('flags win over environment, environment over defaults', () => {
    const env = { WISPANEL_BASE_URL: 'https://env.example:2083/api/v1/', WISPANEL_TOKEN: TOKEN, WISPANEL_RATE: '30' };
    expect(parse([], env)).toMatchObject({ baseUrl: 'https://env.example:2083/api/v1', token: TOKEN, rate: 30 });
    expect(parse(['--rate', '10', '--base-url=http://127.0.0.1:9/api/v1'], env)).toMatchObject({ rate: 10, baseUrl: 'http://127.0.0.1:9/api/v1' });
    expect(parse(['--unavailable-budget', '5'], { WISPANEL_UNAVAILABLE_BUDGET: '90' }).unavailableBudget).toBe(5);
    expect(parse([], { WISPANEL_UNAVAILABLE_BUDGET: '90' }).unavailableBudget).toBe(90);
  });

  test('bad values give one line naming the flag (or variable) and what it accepts', () => {
    expect(error(['--rate', 'abc'])).toBe("--rate accepts an integer from 1 to 100000, got 'abc'");
    expect(error([], { WISPANEL_TIMEOUT: 'soon' })).toBe("WISPANEL_TIMEOUT accepts an integer from 1 to 3600, got 'soon'");
    expect(error(['--unavailable-budget', '0'])).toBe("--unavailable-budget accepts an integer from 1 to 3600, got '0'");
    expect(error(['--profile', 'x'])).toBe("--profile accepts one of default, certify, got 'x'");
    expect(error(['--base-url', 'ftp://x'])).toMatch(/^--base-url accepts an http\(s\) URL/);
    expect(error(['--include', 'auth,bogus'])).toMatch(/^--include accepts a comma-separated list of positive, lifecycle, auth/);
    expect(error(['--bogus'])).toBe('unknown flag --bogus (see --help)');
    expect(error(['--junit'])).toBe('--junit needs a value: FILE');
    expect(error(['--strict=yes'])).toBe('--strict takes no value');
    expect(error(['--base-url', 'http://127.0.0.1:9/api/v1'])).toMatch(/needs an admin key/);
    expect(error(['--ca-file', 'a.pem', '--insecure'])).toMatch(/exclude each other/);
    expect(error(['--cleanup-only', 'X'])).toMatch(/run ID of 6 lowercase/);
    expect(error(['--base-url', 'http://127.0.0.1:9/api/v1', '--token', TOKEN, '--cleanup-only', 'abc123', '--list'])).toMatch(
      /--cleanup-only and --list exclude each other/,
    );
    // Paths are appended to the base URL: a query or fragment would swallow them.
    for (const url of ['http://127.0.0.1:9/api/v1?k=1', 'http://127.0.0.1:9/api/v1#x', 'http://127.0.0.1:9/api/v1?']) {
      expect(error(['--base-url', url, '--token', TOKEN])).toBe('--base-url must be the API root, without a ?query or #fragment (a key goes in --token)');
    }
    for (const message of [error(['--rate', '0']), error(['--seed', '-1'])]) expect(message).not.toContain('\n');
  });

  test('a key not of the documented form is refused, naming where it came from, whatever the mode', () => {
    const url = ['--base-url', 'http://127.0.0.1:9/api/v1'];
    const short = TOKEN.slice(0, 20);
    const why = 'accepts an API key: wsp_ and 48 hex characters; the value given has 16 characters after wsp_ (not shown)';
    expect(error([...url, '--token', short])).toBe(`--token ${why}`);
    expect(error(url, { WISPANEL_TOKEN: short })).toBe(`WISPANEL_TOKEN ${why}`);
    expect(error([...url, '--token', TOKEN, '--reseller-token', short])).toBe(`--reseller-token ${why}`);
    expect(error([], { WISPANEL_RESELLER_TOKEN: short })).toBe(`WISPANEL_RESELLER_TOKEN ${why}`);
    expect(error(['--list', '--token', short])).toBe(`--token ${why}`);
    // A flag wins over the environment: a good flag over a bad variable is a good key.
    expect(parse([...url, '--token', TOKEN], { WISPANEL_TOKEN: short }).token).toBe(TOKEN);
  });

  test('the redacted form masks every secret', () => {
    const other = `wsp_${'cd'.repeat(24)}`;
    const c = parse(['--base-url', 'http://127.0.0.1:9/api/v1', '--token', TOKEN, '--reseller-token', other]);
    const shown = JSON.stringify(redactedConfig(c));
    expect(shown).not.toContain(TOKEN);
    expect(shown).not.toContain(other);
    expect(shown).toContain('http://127.0.0.1:9/api/v1');
  });

  test('--help documents every flag, its environment name and the exit codes', () => {
    const help = helpText(USAGES, EXIT_MEANINGS);
    for (const o of Object.values(OPTIONS)) {
      expect(help).toContain(`--${o.flag}`);
      if ('env' in o) expect(help).toContain(o.env);
    }
    for (const code of ['0', '1', '2', '3', '4']) expect(help).toMatch(new RegExp(`^  ${code}  `, 'm'));
  });
});
