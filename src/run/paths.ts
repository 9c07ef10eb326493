import type { LoadedSpec } from '../spec/load.ts';

/** The concrete path of an operation, parameters filled in and encoded. */
export function operationPath(spec: LoadedSpec, operationId: string, params: Record<string, string>): string {
  const op = spec.byId.get(operationId);
  if (!op) throw new Error(`spec has no operation ${operationId}`);
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${operationId} needs path parameter ${name}`);
    return encodeURIComponent(value);
  });
}
