// The reviewed requirement catalogue, keyed by ID; a broken one is refused.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { LEVELS } from '../model/finding.ts';
import { requirementsFile } from './paths.ts';
import { loadRequirements } from './requirements.ts';

const dir = mkdtempSync(join(tmpdir(), 'wispanel-requirements-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function catalogue(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('loadRequirements', () => {
  test('the shipped catalogue, keyed by ID, in file order, each at a known level; loaded once', () => {
    const requirements = loadRequirements();
    expect(requirements.get('HTTP-NO-5XX')).toMatchObject({ id: 'HTTP-NO-5XX', level: 'standard', family: 'robustness' });
    expect([...requirements.keys()].slice(0, 2)).toEqual(['HTTP-JSON-BODY', 'HTTP-JSON-CONTENT-TYPE']);
    expect([...requirements.values()].every((r) => LEVELS.includes(r.level) && r.statement.length > 0)).toBe(true);
    expect(loadRequirements(requirementsFile)).toBe(requirements);
  });

  test('another file is read on its own', () => {
    const file = catalogue('own.yaml', '- { id: A-1, level: inferred, family: x, statement: s, source: t }\n');
    expect([...loadRequirements(file).values()]).toEqual([{ id: 'A-1', level: 'inferred', family: 'x', statement: 's', source: 't' }]);
  });

  test('refuses an ID given twice and an unknown level', () => {
    const twice = catalogue('twice.yaml', '- { id: A-1, level: documented }\n- { id: A-1, level: inferred }\n');
    const level = catalogue('level.yaml', '- { id: B-2, level: optional }\n');
    expect(() => loadRequirements(twice)).toThrow('requirements: duplicate id A-1');
    expect(() => loadRequirements(level)).toThrow('requirements: B-2 has level optional');
  });
});
