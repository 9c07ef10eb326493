// Every per-reseller operation on a reseller that does not exist.
import { defineCaseSuite } from '../src/run/suite.ts';
import { SUITES } from '../src/run/suites.ts';

defineCaseSuite(SUITES.notFound);
