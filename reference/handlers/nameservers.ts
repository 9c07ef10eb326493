// GET|PUT /resellers/:username/nameservers. PUT takes either
// {"nameservers": [...]} or numbered keys {"ns1": ..., "ns2": ...}.
import { invalid } from '../api-error.ts';
import { ok } from '../reply.ts';
import { isHostname } from '../rules.ts';
import { forReseller, ignorableWrite } from './context.ts';
import { writeTargets } from './misdirected.ts';

const NUMBERED_KEY = /^ns[1-9][0-9]*$/;

export const getNameservers = forReseller((_ctx, reseller) => ok({ nameservers: [...reseller.nameservers] }));

export const putNameservers = ignorableWrite(
  getNameservers,
  forReseller((ctx, reseller) => {
    const nameservers = readNameservers(ctx.body());
    for (const target of writeTargets(ctx, reseller, { all: 'nameservers-put-all' })) target.nameservers = [...nameservers];
    return ok({ nameservers });
  }),
);

function readNameservers(input: Record<string, unknown>): string[] {
  const given: unknown = Object.hasOwn(input, 'nameservers') ? input.nameservers : numbered(input);
  if (!Array.isArray(given) || given.length === 0) {
    throw invalid('Give {"nameservers": ["ns1.example.net", ...]} or {"ns1": "...", "ns2": "..."}');
  }
  const bad: unknown = given.find((name) => typeof name !== 'string' || !isHostname(name));
  if (bad !== undefined) throw invalid(`Not a host name: ${JSON.stringify(bad)}`);
  const names = (given as string[]).map((name) => name.toLowerCase());
  if (new Set(names).size !== names.length) throw invalid('Nameservers must be distinct');
  return names;
}

/** Values of ns1, ns2, ... in numeric order. */
function numbered(input: Record<string, unknown>): unknown[] {
  return Object.keys(input)
    .filter((key) => NUMBERED_KEY.test(key))
    .sort((a, b) => Number(a.slice(2)) - Number(b.slice(2)))
    .map((key) => input[key]);
}
