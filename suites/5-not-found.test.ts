// Every per-reseller operation on a reseller that does not exist.
import { defineCaseSuite } from '../src/run/suite.ts';

defineCaseSuite('not-found', ['not-found']);
