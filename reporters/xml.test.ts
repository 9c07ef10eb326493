import { expect, test } from 'vitest';
import { xpath } from '../test/helpers/xml.ts';
import { xmlAttr, xmlText } from './xml.ts';

const KEY = `wsp_${'3f9a0c7e12b4'.repeat(4)}`;

test('text: markup characters become entities; quotes, tabs and line feeds stay as they are', () => {
  expect(xmlText('<script>alert("x")</script> & ]]>')).toBe('&lt;script&gt;alert("x")&lt;/script&gt; &amp; ]]&gt;');
  expect(xmlText("it's\ta\nline")).toBe("it's\ta\nline");
  // A carriage return would be normalised away by the parser: kept as a reference.
  expect(xmlText('a\r\nb')).toBe('a&#13;\nb');
});

test('attribute: quotes, tabs and line breaks escaped too, so the value reads back exactly', () => {
  expect(xmlAttr('say "hi" & <go>')).toBe('say &quot;hi&quot; &amp; &lt;go&gt;');
  expect(xmlAttr('a\tb\nc\rd')).toBe('a&#9;b&#10;c&#13;d');
  expect(xmlAttr("it's")).toBe("it's");
});

test('characters XML 1.0 forbids become U+FFFD in text and attributes; all others are kept', () => {
  // Lone surrogates included (a high one without its low one, and the reverse).
  const forbidden = ['\u0000', '\u0001', '\u0008', '\u000B', '\u000C', '\u000E', '\u001F', '\uFFFE', '\uFFFF', '\uD800', '\uDFFF'];
  const replaced = forbidden.map(() => '\uFFFD').join('-');
  expect(xmlText(`a${forbidden.join('-')}b`)).toBe(`a${replaced}b`);
  expect(xmlAttr(`a${forbidden.join('-')}b`)).toBe(`a${replaced}b`);
  const allowed = 'é \u007F \u0085 \uD7FF \uE000 \uFFFD 😀 \u{10FFFF}';
  expect(xmlText(allowed)).toBe(allowed);
  expect(xmlAttr(allowed)).toBe(allowed);
});

test('keys are redacted before anything is written', () => {
  expect(xmlText(`Bearer ${KEY} <x>`)).toBe('Bearer [redacted] &lt;x&gt;');
  expect(xmlAttr(`{"api_key":"${KEY}"}`)).toBe('{&quot;api_key&quot;:&quot;[redacted]&quot;}');
});

test('a parser reads back exactly the value, in an attribute as in text', () => {
  const value = 'a "quoted" <b> & \'c\' ]]>\ttab\nline\r\ncrlf\rcr';
  const xml = `<e v="${xmlAttr(value)}">${xmlText(value)}</e>`;
  expect(xpath(xml, 'string(/e/@v)')).toBe(value);
  expect(xpath(xml, 'string(/e)')).toBe(value);
  expect(xpath(`<e v="${xmlAttr('x\u0007y')}">${xmlText('x\u0007y')}</e>`, 'concat(/e/@v, "|", /e)')).toBe('x\uFFFDy|x\uFFFDy');
});
