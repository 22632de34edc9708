import { describe, expect, it } from 'vitest';
import { jsonLiteral, previewLiteral } from './json-text';

describe('jsonLiteral', () => {
  it('escapes bidirectional controls and zero-width characters, and stays valid JSON', () => {
    const hostile = 'invoice-\u202Etxt.exe zero\u200Bwidth\u200C\u200Djoin\uFEFF \u2066x\u2069';
    const literal = jsonLiteral(hostile);
    expect(literal).toBe(
      '"invoice-\\u202etxt.exe zero\\u200bwidth\\u200c\\u200djoin\\ufeff \\u2066x\\u2069"',
    );
    expect(JSON.parse(literal)).toBe(hostile);
  });

  it('keeps visible text, quotes and lone surrogates as JSON.stringify writes them', () => {
    expect(jsonLiteral('a "b" <script>é 漢')).toBe('"a \\"b\\" <script>é 漢"');
    expect(jsonLiteral('lone \uD800')).toBe('"lone \\ud800"');
  });
});

describe('previewLiteral', () => {
  it('leaves short literals whole', () => {
    expect(previewLiteral('"abc"', 10)).toEqual({ text: '"abc"', omitted: 0 });
  });

  it('cuts long ones and counts what it left out', () => {
    const literal = jsonLiteral('M'.repeat(1024 * 1024));
    const { text, omitted } = previewLiteral(literal);
    expect(text).toBe(`"${'M'.repeat(1999)}`);
    expect(text.length + omitted).toBe(literal.length);
  });

  it('never splits an escape or a surrogate pair', () => {
    const escaped = previewLiteral(jsonLiteral('ab\u202Ecd'), 6);
    expect(escaped.text).toBe('"ab');
    const pair = previewLiteral('"a😀b"', 3);
    expect(pair.text).toBe('"a');
  });
});
