// The server's rate limiting, actively: last, since it spends a window.
import { defineCaseSuite } from '../src/run/suite.ts';
import { SUITES } from '../src/run/suites.ts';

defineCaseSuite(SUITES.rateLimit);
