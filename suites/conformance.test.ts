// Every suite of the registry (src/cases/kinds/), in run order: each planned
// case is one vitest test.
import { SUITES } from '../src/cases/kinds/index.ts';
import { defineCaseSuite } from '../src/run/suite.ts';

for (const def of SUITES) defineCaseSuite(def);
