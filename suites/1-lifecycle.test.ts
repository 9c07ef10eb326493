// Positive cases of every operation, in the order a reseller's life allows:
// create, read, write and read back, remove parts, delete, confirm it is gone.
import { defineCaseSuite } from '../src/run/suite.ts';
import { SUITES } from '../src/run/suites.ts';

defineCaseSuite(SUITES.lifecycle);
