import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { LEVELS, type Requirement } from '../model.ts';
import { requirementsFile } from './paths.ts';

/** The reviewed requirement catalogue, keyed by ID. */
export function loadRequirements(file = requirementsFile): Map<string, Requirement> {
  const list = parse(readFileSync(file, 'utf8')) as Requirement[];
  const byId = new Map<string, Requirement>();
  for (const r of list) {
    if (byId.has(r.id)) throw new Error(`requirements: duplicate id ${r.id}`);
    if (!LEVELS.includes(r.level)) throw new Error(`requirements: ${r.id} has level ${r.level}`);
    byId.set(r.id, r);
  }
  return byId;
}
