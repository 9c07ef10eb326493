import { fileURLToPath } from 'node:url';

/** The package root, wherever the package is installed. */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
export const specFile = fileURLToPath(new URL('../../spec/wispanel.openapi.yaml', import.meta.url));
export const requirementsFile = fileURLToPath(new URL('../../spec/requirements.yaml', import.meta.url));
