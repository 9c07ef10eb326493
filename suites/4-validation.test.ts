// Invalid request bodies: documented 400s, and the 4xx convention.
import { defineCaseSuite } from '../src/run/suite.ts';
import { SUITES } from '../src/run/suites.ts';

defineCaseSuite(SUITES.validation);
