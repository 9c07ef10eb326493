// What the kinds' tests plan from: the real spec, the default options.
import { loadSpec } from '../../spec/load.ts';
import type { PlanOptions } from '../../model/case.ts';

export const spec = loadSpec();
export const options = (over: Partial<PlanOptions> = {}): PlanOptions => ({
  profile: 'certify',
  include: [],
  exclude: [],
  readOnly: false,
  hasResellerToken: false,
  ...over,
});
