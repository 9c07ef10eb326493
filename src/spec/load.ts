import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { OpenAPIV3_1 } from 'openapi-types';
import { specFile } from './paths.ts';
import { resolveRefs } from './refs.ts';
import { readYamlData } from './yaml-data.ts';

/** How the case generator exercises an operation (the spec's x-wispanel). */
export interface OperationHints {
  group: string;
  target: 'none' | 'reseller' | 'user';
  resellerAccess: 'own-read' | 'denied';
  requirement: string;
  body?: 'documented' | 'undocumented';
  readBack?: string;
  positive?: boolean;
  notFound?: boolean;
  /** Tells who the caller is (GET /auth/me). */
  identity?: boolean;
  /** Issues an API key for a user. */
  mintsKey?: boolean;
  /** The requirement an invalid value in the body breaks. */
  invalid?: string;
  /** A body field whose value later operations take as the path parameter
   *  of the same name. */
  yields?: string;
}

export interface ResponseSpec {
  /** JSON Schema of the body; undefined when the shape is undocumented. */
  schema?: Record<string, unknown>;
  /** The envelope code this response stands for (x-wispanel-code). */
  code?: string;
}

export interface Operation {
  operationId: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path template relative to the base URL, e.g. /resellers/{username}. */
  path: string;
  hints: OperationHints;
  requestSchema?: Record<string, unknown>;
  /** A POST to a top-level listable collection: it creates a record (a reseller). */
  creates: boolean;
  /** Success status documented for the positive case (the lowest 2xx). */
  successStatus: number;
  responses: Record<number, ResponseSpec>;
}

export interface LoadedSpec {
  version: string;
  sha256: string;
  /** Documented requests per window, and the window. */
  rateLimit: { limit: number; windowSeconds: number };
  operations: Operation[];
  byId: Map<string, Operation>;
  /** The envelope code of each documented error status (x-wispanel-code):
   *  the one status-to-code table. */
  errorCodes: Readonly<Record<number, string>>;
  /** The operations on the record the suite creates (a reseller), found by
   *  their structure: the create, and list, get and delete around it. */
  record: RecordOperations;
  /** The operation that tells who the caller is. */
  identity: Operation;
  /** The parsed document, $refs resolved. */
  document: OpenAPIV3_1.Document;
  /** The raw parsed document, $refs intact (for meta-schema validation). */
  raw: unknown;
}

export interface RecordOperations {
  create: Operation;
  list: Operation;
  get: Operation;
  remove: Operation;
  /** The reads of the record's parts: every GET under the record's path that
   *  takes no other parameter (limits, branding, IPs, ...). */
  parts: Operation[];
}

const METHODS = ['get', 'post', 'put', 'delete'] as const;

/** Loaded once per file and process: every panel of a fleet reads the
 *  same spec, and nothing changes a loaded one. */
const loaded = new Map<string, LoadedSpec>();

export function loadSpec(file = specFile): LoadedSpec {
  let spec = loaded.get(file);
  if (!spec) loaded.set(file, (spec = parseSpec(file)));
  return spec;
}

function parseSpec(file: string): LoadedSpec {
  const text = readFileSync(file, 'utf8');
  const raw = readYamlData(file) as OpenAPIV3_1.Document;
  const document = resolveRefs(raw) as OpenAPIV3_1.Document;
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method] as (OpenAPIV3_1.OperationObject & { 'x-wispanel'?: OperationHints }) | undefined;
      if (!op) continue;
      operations.push(toOperation(path, method, op, Boolean(item?.get)));
    }
  }
  const rateLimit = (document as unknown as Record<string, unknown>)['x-wispanel-rate-limit'] as LoadedSpec['rateLimit'];
  const identity = operations.find((o) => o.hints.identity);
  if (!identity) throw new Error('spec: no operation has x-wispanel identity: true');
  return {
    version: document.info.version,
    sha256: createHash('sha256').update(text).digest('hex'),
    rateLimit,
    operations,
    byId: new Map(operations.map((o) => [o.operationId, o])),
    errorCodes: errorCodesOf(document),
    record: recordOperations(operations),
    identity,
    document,
    raw,
  };
}

function errorCodesOf(document: OpenAPIV3_1.Document): Record<number, string> {
  const codes: Record<number, string> = {};
  for (const response of Object.values(document.components?.responses ?? {})) {
    const r = response as { 'x-wispanel-code'?: string; content?: Record<string, { example?: { status?: unknown } }> };
    const status = r.content?.['application/json']?.example?.status;
    if (r['x-wispanel-code'] && typeof status === 'number') codes[status] = r['x-wispanel-code'];
  }
  return codes;
}

/** The field that names a record, and its path parameter. */
export const RECORD_KEY = 'username';

/** The create is a POST to a listable collection; the record's GET and
 *  DELETE sit at the collection path plus {username}. */
function recordOperations(operations: Operation[]): RecordOperations {
  const create = operations.find((o) => o.creates);
  const at = (method: string, path: string | undefined) => operations.find((o) => o.method === method && o.path === path);
  const list = at('GET', create?.path);
  const get = at('GET', create && `${create.path}{${RECORD_KEY}}`);
  const remove = at('DELETE', get?.path);
  if (!create || !list || !get || !remove) throw new Error('spec: needs a creating POST with its list, GET and DELETE of one record');
  const parts = operations.filter((o) => o.method === 'GET' && o.path.startsWith(`${get.path}/`) && !o.path.slice(get.path.length).includes('{'));
  return { create, list, get, remove, parts };
}

/** The read of what a write changes: the GET of the same path. */
export function readerOf(spec: Pick<LoadedSpec, 'operations'>, write: Operation): Operation | undefined {
  return spec.operations.find((o) => o.method === 'GET' && o.path === write.path);
}

function toOperation(
  path: string,
  method: (typeof METHODS)[number],
  op: OpenAPIV3_1.OperationObject & { 'x-wispanel'?: OperationHints },
  listable: boolean,
): Operation {
  if (!op.operationId || !op['x-wispanel']) {
    throw new Error(`spec: ${method.toUpperCase()} ${path} needs an operationId and x-wispanel`);
  }
  const responses: Record<number, ResponseSpec> = {};
  for (const [status, response] of Object.entries(op.responses ?? {})) {
    const r = response as OpenAPIV3_1.ResponseObject & { 'x-wispanel-code'?: string };
    const schema = r.content?.['application/json']?.schema as Record<string, unknown> | undefined;
    responses[Number(status)] = {
      schema: schema && !schema['x-wispanel-undocumented'] ? schema : undefined,
      code: r['x-wispanel-code'],
    };
  }
  const successStatus = Math.min(
    ...Object.keys(responses)
      .map(Number)
      .filter((s) => s >= 200 && s < 300),
  );
  const body = (op.requestBody as OpenAPIV3_1.RequestBodyObject | undefined)?.content?.['application/json']?.schema;
  return {
    operationId: op.operationId,
    method: method.toUpperCase() as Operation['method'],
    path,
    hints: op['x-wispanel'],
    requestSchema: body as Record<string, unknown> | undefined,
    creates: method === 'post' && listable && !path.includes('{'),
    successStatus,
    responses,
  };
}
