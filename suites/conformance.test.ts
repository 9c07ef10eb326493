// Every suite of the registry (src/cases/kinds/), in run order, for the run
// plain vitest's global set-up opened (src/vitest/setup.ts): each planned
// case is one vitest test.
import { inject } from 'vitest';
import { SUITES } from '../src/cases/kinds/index.ts';
import { defineCaseSuite } from '../src/vitest/suite.ts';

const input = inject('wispanel');
for (const def of SUITES) defineCaseSuite(def, input);
