import { expect, test } from 'vitest';
import { ajv2020, ajvFormats, fakerEnglish, lazyModule, yaml } from './lazy-modules.ts';

test('a module loads when first asked for, once', () => {
  expect(yaml().parse('a: [1, 2]')).toEqual({ a: [1, 2] });
  expect(yaml()).toBe(yaml());
  expect(() => lazyModule('no-such-module-here')()).toThrow(/Cannot find module/);
});

test('the schema compiler with its formats, and the English data generator, as the product uses them', () => {
  const ajv = new (ajv2020().default)({ strict: false });
  ajvFormats().default(ajv);
  expect(ajv.validate({ type: 'string', format: 'email' }, 'a@example.com')).toBe(true);
  expect(ajv.validate({ type: 'string', format: 'email' }, 'not an address')).toBe(false);
  const { faker } = fakerEnglish();
  faker.seed(1);
  const first = faker.company.name();
  faker.seed(1);
  expect(faker.company.name()).toBe(first);
});
