// Every suite of the registry (src/cases/kinds/), in run order, for each run
// of the worker (one panel, or each panel of a fleet): each planned case is
// one vitest test.
import { inject } from 'vitest';
import { SUITES } from '../src/cases/kinds/index.ts';
import { defineCaseSuite } from '../src/run/suite.ts';

for (const input of inject('wispanel').runs) for (const def of SUITES) defineCaseSuite(def, input);
