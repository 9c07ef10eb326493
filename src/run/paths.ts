import type { Operation } from '../spec/load.ts';

/** The concrete path of an operation, parameters filled in and encoded. */
export function operationPath(op: Operation, params: Record<string, string>): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${op.operationId} needs path parameter ${name}`);
    return encodeURIComponent(value);
  });
}
