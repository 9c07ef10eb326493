/** Inline every local `$ref` ("#/a/b") of a document. The spec has no
 *  recursive schemas, so plain substitution terminates. */
export function resolveRefs(root: unknown): unknown {
  const lookup = (ref: string): unknown => {
    if (!ref.startsWith('#/')) throw new Error(`spec: only local $refs are supported, got ${ref}`);
    let node: unknown = root;
    for (const part of ref.slice(2).split('/')) {
      node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
      if (node === undefined) throw new Error(`spec: $ref ${ref} points nowhere`);
    }
    return node;
  };
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const obj = node as Record<string, unknown>;
    if (typeof obj.$ref === 'string') {
      const { $ref, ...rest } = obj;
      return { ...(walk(lookup($ref)) as object), ...(walk(rest) as object) };
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, walk(v)]));
  };
  return walk(root);
}
