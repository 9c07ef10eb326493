// Every operation without a key, with an unknown key, with malformed headers.
import { defineCaseSuite } from '../src/run/suite.ts';
import { SUITES } from '../src/run/suites.ts';

defineCaseSuite(SUITES.auth);
