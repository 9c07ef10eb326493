// XML read in-process with libxml2 compiled to WebAssembly (libxml2-wasm), so
// the tests need no xmllint: JUnit checked against the strict Ant schema, and
// XPath queries over a document.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XmlDocument, XmlLibError, XsdValidator } from 'libxml2-wasm';
import { packageRoot } from '../../src/spec/paths.ts';

const XSD_IN_SHARED = path.join('shared', 'junit', 'ant-junit.xsd');

/** shared/ lies beside the repository, in every checkout and in CI's clone;
 *  a git worktree kept in a folder of worktrees finds it a level further up.
 *  The nearest one wins; beside the repository when there is none (the
 *  error then names where it was looked for first). */
function sharedXsd(): string {
  for (let dir = path.dirname(packageRoot); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, XSD_IN_SHARED);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return path.resolve(packageRoot, '..', XSD_IN_SHARED);
  }
}

export const ANT_JUNIT_XSD = sharedXsd();

// Built once per test file and kept, with the schema document it was
// parsed from, for the worker's life.
let antJUnit: { schema: XmlDocument; validator: XsdValidator } | undefined;

function antJUnitValidator(): XsdValidator {
  if (!antJUnit) {
    const schema = XmlDocument.fromString(readFileSync(ANT_JUNIT_XSD, 'utf8'));
    antJUnit = { schema, validator: XsdValidator.fromDoc(schema) };
  }
  return antJUnit.validator;
}

/** Why `xml` is not well-formed or breaks the Ant JUnit schema: one line per
 *  error, none when it is valid. */
export function antJUnitErrors(xml: string): string[] {
  const validator = antJUnitValidator();
  let doc: XmlDocument | undefined;
  try {
    doc = XmlDocument.fromString(xml);
    validator.validate(doc);
    return [];
  } catch (error) {
    if (!(error instanceof XmlLibError)) throw error;
    return error.details.map((d) => `line ${d.line}: ${d.message.trim()}`);
  } finally {
    doc?.dispose();
  }
}

/** The value of an XPath expression over `xml`, as text (count(), sum(), string(), ...). */
export function xpath(xml: string, expression: string): string {
  const doc = XmlDocument.fromString(xml);
  try {
    const value = doc.eval(expression);
    if (Array.isArray(value)) throw new Error(`${expression} selects nodes: wrap it in string() or count()`);
    return String(value);
  } finally {
    doc.dispose();
  }
}
