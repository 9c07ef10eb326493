import { LEVELS, type Requirement } from '../model/finding.ts';
import { requirementsFile } from './paths.ts';
import { readYamlData } from './yaml-data.ts';

/** Loaded once per file and process, as the spec is: every panel of a
 *  fleet reads the same catalogue, and nothing changes a loaded one. */
const loaded = new Map<string, ReadonlyMap<string, Requirement>>();

/** The reviewed requirement catalogue, keyed by ID. */
export function loadRequirements(file = requirementsFile): ReadonlyMap<string, Requirement> {
  let catalogue = loaded.get(file);
  if (!catalogue) loaded.set(file, (catalogue = parseRequirements(file)));
  return catalogue;
}

function parseRequirements(file: string): Map<string, Requirement> {
  const list = readYamlData(file) as Requirement[];
  const byId = new Map<string, Requirement>();
  for (const r of list) {
    if (byId.has(r.id)) throw new Error(`requirements: duplicate id ${r.id}`);
    if (!LEVELS.includes(r.level)) throw new Error(`requirements: ${r.id} has level ${r.level}`);
    byId.set(r.id, r);
  }
  return byId;
}
