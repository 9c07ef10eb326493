// Local $refs inlined, as the spec's loader needs them.
import { describe, expect, test } from 'vitest';
import { resolveRefs } from './refs.ts';

describe('resolveRefs', () => {
  test('inlines local $refs, nested ones and those in lists, and leaves the input as it was', () => {
    const doc = {
      components: {
        schemas: {
          Name: { type: 'string', minLength: 1 },
          Person: { type: 'object', properties: { name: { $ref: '#/components/schemas/Name' } } },
        },
      },
      paths: { '/people': { get: { responses: { '200': { schema: { $ref: '#/components/schemas/Person' } } } } } },
      list: [{ $ref: '#/components/schemas/Name' }, 3, null],
    };
    const before = structuredClone(doc);
    const resolved = resolveRefs(doc) as typeof doc & { paths: { '/people': { get: { responses: { '200': { schema: unknown } } } } } };
    expect(resolved.paths['/people'].get.responses['200'].schema).toEqual({ type: 'object', properties: { name: { type: 'string', minLength: 1 } } });
    expect(resolved.list).toEqual([{ type: 'string', minLength: 1 }, 3, null]);
    expect(JSON.stringify(resolved)).not.toContain('$ref');
    expect(doc).toEqual(before);
  });

  test("keys beside a $ref win over the target's", () => {
    const doc = { defs: { a: { type: 'string', description: 'target' } }, use: { $ref: '#/defs/a', description: 'here' } };
    expect((resolveRefs(doc) as { use: unknown }).use).toEqual({ type: 'string', description: 'here' });
  });

  test('JSON pointer escapes: ~1 is /, ~0 is ~', () => {
    const doc = { paths: { '/a/{b}': { x: 1 }, 'c~d': { y: 2 } }, one: { $ref: '#/paths/~1a~1{b}' }, two: { $ref: '#/paths/c~0d' } };
    expect(resolveRefs(doc)).toMatchObject({ one: { x: 1 }, two: { y: 2 } });
  });

  test('refuses a $ref to another document and one that points nowhere', () => {
    expect(() => resolveRefs({ a: { $ref: 'other.yaml#/x' } })).toThrow('spec: only local $refs are supported, got other.yaml#/x');
    expect(() => resolveRefs({ a: { $ref: '#/missing/part' } })).toThrow('spec: $ref #/missing/part points nowhere');
  });
});
