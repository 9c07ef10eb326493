// XML read in-process with libxml2 compiled to WebAssembly (libxml2-wasm), so
// the tests need no xmllint: JUnit checked against the strict Ant schema, and
// XPath queries over a document.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XmlDocument, XmlLibError, XsdValidator } from 'libxml2-wasm';
import { packageRoot } from '../../src/spec/paths.ts';

/** A copy kept in the repository (origin and licence in its README), so a
 *  clone anywhere has it. */
export const ANT_JUNIT_XSD = path.join(packageRoot, 'test', 'fixtures', 'junit', 'ant-junit.xsd');

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
