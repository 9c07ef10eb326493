// Dependencies no run needs before its first request load when first used:
// the YAML parser (the installed package reads the build's JSON copies of
// the spec), the schema compiler (at the first answer) and the data
// generator (at the first body). The first request leaves sooner, and
// against a remote panel their loading overlaps the wait for its answer.
// Each has a CommonJS build, which require() loads at once for a
// synchronous caller.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The module `specifier`, loaded the first time the returned function is called. */
export function lazyModule<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(specifier) as T);
}

export const yaml = lazyModule<typeof import('yaml')>('yaml');
export const ajv2020 = lazyModule<typeof import('ajv/dist/2020.js')>('ajv/dist/2020.js');
export const ajvFormats = lazyModule<typeof import('ajv-formats')>('ajv-formats');
/** The English locale alone: the full package loads every locale. */
export const fakerEnglish = lazyModule<typeof import('@faker-js/faker/locale/en')>('@faker-js/faker/locale/en');
