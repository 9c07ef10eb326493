// The server's rate limiting, actively: last, since it spends a window.
import { defineCaseSuite } from '../src/run/suite.ts';

defineCaseSuite('rate-limit', ['rate-limit']);
