// Where the bins find the product. In a checkout (the TypeScript sources are
// there) they run the sources through tsx (a devDependency): what runs is
// what was edited, no build step in between. The installed package holds no
// sources, only the JavaScript scripts/build.mjs compiled into dist/ at
// `prepare`, and runs that: no compiler at start-up, and no tsx or esbuild
// among its dependencies.
import { existsSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const fromSource = existsSync(new URL('src/cli/main.ts', root));
let registered = false;

/** The module at `path` (from the package root, without extension, e.g.
 *  'src/cli/main'): its source in a checkout, its build in the package. */
export async function importProduct(path) {
  if (!fromSource) return import(new URL(`dist/${path}.js`, root).href);
  if (!registered) {
    const { register } = await import('tsx/esm/api');
    register();
    registered = true;
  }
  return import(new URL(`${path}.ts`, root).href);
}
