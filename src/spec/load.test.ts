// The spec as the case generator reads it: operations with their hints and
// documented responses ($refs resolved), the record's operations found by
// their structure, the status-to-code table; a spec that lacks what the
// generator needs is refused.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadSpec } from './load.ts';
import { specFile } from './paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'wispanel-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small spec: an identity operation and one record's create, list, get and delete. */
const SMALL = `openapi: 3.1.0
info: { title: small, version: 9.9.9 }
x-wispanel-rate-limit: { limit: 5, windowSeconds: 10 }
components:
  responses:
    NotFound:
      description: not found
      x-wispanel-code: NOT_FOUND
      content: { application/json: { example: { status: 404 } } }
    Loose:
      description: any JSON
      content: { application/json: { schema: { x-wispanel-undocumented: true } } }
  schemas:
    Thing: { type: object, required: [username], properties: { username: { type: string } } }
paths:
  /me:
    get:
      operationId: whoAmI
      x-wispanel: { group: auth.me, target: none, resellerAccess: own-read, requirement: ME-200, identity: true }
      responses:
        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Thing' } } } }
  /things/:
    get:
      operationId: listThings
      x-wispanel: { group: things.list, target: none, resellerAccess: denied, requirement: LIST-200 }
      responses:
        '200': { $ref: '#/components/responses/Loose' }
    post:
      operationId: createThing
      x-wispanel: { group: things.create, target: none, resellerAccess: denied, requirement: CREATE-201, body: documented }
      requestBody: { content: { application/json: { schema: { $ref: '#/components/schemas/Thing' } } } }
      responses:
        '202': { description: later }
        '201': { description: made, content: { application/json: { schema: { $ref: '#/components/schemas/Thing' }, x-wispanel-code: CREATED } } }
  /things/{username}:
    get:
      operationId: getThing
      x-wispanel: { group: things.get, target: reseller, resellerAccess: own-read, requirement: GET-200 }
      responses:
        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Thing' } } } }
        '404': { $ref: '#/components/responses/NotFound' }
    delete:
      operationId: deleteThing
      x-wispanel: { group: things.delete, target: reseller, resellerAccess: denied, requirement: DELETE-200 }
      responses:
        '200': { description: gone }
`;

function specOf(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('loadSpec', () => {
  test('reads operations, their hints and documented responses, $refs resolved', () => {
    const file = specOf('small.yaml', SMALL);
    const spec = loadSpec(file);
    expect(spec.version).toBe('9.9.9');
    expect(spec.sha256).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
    expect(spec.rateLimit).toEqual({ limit: 5, windowSeconds: 10 });
    expect(spec.operations.map((o) => `${o.method} ${o.path} ${o.operationId}`)).toEqual([
      'GET /me whoAmI',
      'GET /things/ listThings',
      'POST /things/ createThing',
      'GET /things/{username} getThing',
      'DELETE /things/{username} deleteThing',
    ]);
    const create = spec.byId.get('createThing')!;
    expect(create.creates).toBe(true);
    // The lowest documented 2xx.
    expect(create.successStatus).toBe(201);
    expect(create.requestSchema).toEqual({ type: 'object', required: ['username'], properties: { username: { type: 'string' } } });
    expect(create.hints).toEqual({ group: 'things.create', target: 'none', resellerAccess: 'denied', requirement: 'CREATE-201', body: 'documented' });
    expect(spec.byId.get('getThing')!.responses).toEqual({
      200: { schema: { type: 'object', required: ['username'], properties: { username: { type: 'string' } } }, code: undefined },
      404: { schema: undefined, code: 'NOT_FOUND' },
    });
    // A shape the vendor does not show has no schema: nothing is judged against it.
    expect(spec.byId.get('listThings')!.responses[200].schema).toBeUndefined();
    expect(spec.operations.filter((o) => o.creates).map((o) => o.operationId)).toEqual(['createThing']);
  });

  test("finds the record's operations and the identity by their structure, and the status-to-code table", () => {
    const spec = loadSpec(specOf('small-2.yaml', SMALL));
    expect(Object.fromEntries(Object.entries(spec.record).map(([k, o]) => [k, o.operationId]))).toEqual({
      create: 'createThing',
      list: 'listThings',
      get: 'getThing',
      remove: 'deleteThing',
    });
    expect(spec.identity.operationId).toBe('whoAmI');
    expect(spec.errorCodes).toEqual({ 404: 'NOT_FOUND' });
    expect(JSON.stringify(spec.document)).not.toContain('$ref');
    expect(JSON.stringify(spec.raw)).toContain('$ref');
  });

  test('loaded once per file: the shipped spec by default', () => {
    const spec = loadSpec();
    expect(loadSpec(specFile)).toBe(spec);
    expect(spec.byId.get('createReseller')!.creates).toBe(true);
    const small = specOf('small-3.yaml', SMALL);
    expect(loadSpec(small)).toBe(loadSpec(small));
    expect(loadSpec(small)).not.toBe(spec);
  });

  test('refuses an operation without x-wispanel, a spec without an identity operation and one without a record to create', () => {
    expect(() => loadSpec(specOf('no-hints.yaml', SMALL.replace(/\n {6}x-wispanel: \{ group: things\.delete[^\n]*/, '')))).toThrow(
      'spec: DELETE /things/{username} needs an operationId and x-wispanel',
    );
    expect(() => loadSpec(specOf('no-identity.yaml', SMALL.replace(', identity: true', '')))).toThrow('spec: no operation has x-wispanel identity: true');
    expect(() => loadSpec(specOf('no-delete.yaml', SMALL.replace(/\n {4}delete:[\s\S]*$/, '\n')))).toThrow(
      'spec: needs a creating POST with its list, GET and DELETE of one record',
    );
  });
});
