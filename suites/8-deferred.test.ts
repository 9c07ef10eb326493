// Cases deferred past their key's first window (no-key auth cases beyond 60).
import { defineCaseSuite } from '../src/run/suite.ts';
import { SUITES } from '../src/run/suites.ts';

defineCaseSuite(SUITES.deferred);
