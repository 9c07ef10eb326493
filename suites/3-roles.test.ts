// "Admin only (reseller reads own)", with a reseller key.
import { defineCaseSuite } from '../src/run/suite.ts';

defineCaseSuite('roles', ['role'], { fixture: true });
