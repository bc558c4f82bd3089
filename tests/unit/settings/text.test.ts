import { describe, it, expect } from 'vitest';
import { describeCharacter, formatCount, nameCharacterProblem, quoteForMessage, quoteList, visibleText } from '../../../src-shared/text';

describe('quoteForMessage', () => {
  it('quotes an ordinary value as it is', () => {
    expect(quoteForMessage('shop.orders')).toBe('"shop.orders"');
    expect(quoteForMessage('客户 order')).toBe('"客户 order"');
    expect(quoteForMessage('')).toBe('""');
  });

  it('shows line breaks and tabs as escapes, so that a value cannot start another line', () => {
    const shown = quoteForMessage('a\nfile.json:1: forged\r\tb');
    expect(shown).toBe('"a\\nfile.json:1: forged\\r\\tb"');
    expect(shown).not.toMatch(/[\n\r\t]/);
  });

  it('shows control, invisible and text-direction characters by their code point', () => {
    expect(quoteForMessage('a\u200Bb')).toBe('"a\\u{200B}b"');
    expect(quoteForMessage('\u202Eevil')).toBe('"\\u{202E}evil"');
    expect(quoteForMessage('\uFEFFx\u0000\u007F\u0085\u2028\u2066')).toBe('"\\u{FEFF}x\\u{0000}\\u{007F}\\u{0085}\\u{2028}\\u{2066}"');
    expect(quoteForMessage('no\u00A0break')).toBe('"no\\u{00A0}break"');
    expect(quoteForMessage('\uD800')).toBe('"\\u{D800}"');
    expect(quoteForMessage('e\u0301 😀')).toBe('"e\u0301 😀"');
  });

  it('shortens a long value to 60 characters plus "…"', () => {
    const shown = quoteForMessage('x'.repeat(130_000));
    expect(shown).toBe(`"${'x'.repeat(60)}…"`);
    expect(quoteForMessage('x'.repeat(60))).toBe(`"${'x'.repeat(60)}"`);
    expect(quoteForMessage('\n'.repeat(100))).toBe(`"${'\\n'.repeat(30)}…"`);
    // An escape is never cut in half.
    expect(quoteForMessage(`${'x'.repeat(57)}\u200B`)).toBe(`"${'x'.repeat(57)}…"`);
  });

  it('takes another length where a whole name must show', () => {
    expect(visibleText('y'.repeat(140), 140)).toBe('y'.repeat(140));
  });
});

describe('quoteList', () => {
  it('quotes each value and counts those past the first three', () => {
    expect(quoteList(['a'])).toBe('"a"');
    expect(quoteList(['a', 'b\n'])).toBe('"a", "b\\n"');
    expect(quoteList(['a', 'b', 'c', 'd', 'e'])).toBe('"a", "b", "c" and 2 more');
  });
});

describe('formatCount', () => {
  it('groups thousands with commas', () => {
    expect(formatCount(7)).toBe('7');
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(50_000)).toBe('50,000');
    expect(formatCount(20_000_000)).toBe('20,000,000');
  });
});

describe('describeCharacter', () => {
  it('gives the code point and a name for the usual suspects', () => {
    expect(describeCharacter('\u200B')).toBe('U+200B (zero-width space)');
    expect(describeCharacter('\u202E')).toBe('U+202E (right-to-left override)');
    expect(describeCharacter('\u0007')).toBe('U+0007');
  });
});

describe('nameCharacterProblem', () => {
  it('accepts names people write', () => {
    for (const name of ['Base', 'move shop', '迁移 项目', 'café', 'Ünïcödé', 'a-b_c.d:e', 'x'.repeat(200)]) expect(nameCharacterProblem(name)).toBeNull();
  });

  it('names the character, its position and what to do', () => {
    expect(nameCharacterProblem('Base\u200B')).toBe(
      'contains the invisible character U+200B (zero-width space) at position 5; delete it (retype the name if you cannot see it)',
    );
    expect(nameCharacterProblem('\u202Eesab')).toBe(
      'contains the text-direction character U+202E (right-to-left override) at position 1; delete it (retype the name if you cannot see it)',
    );
    expect(nameCharacterProblem('a\tb')).toBe('contains the control character U+0009 (tab) at position 2; delete it (retype the name if you cannot see it)');
    expect(nameCharacterProblem('a\u00A0b')).toBe('contains U+00A0 (no-break space) at position 2; use an ordinary space');
    expect(nameCharacterProblem(' Base')).toBe('starts with a space; remove it');
    expect(nameCharacterProblem('Base ')).toBe('ends with a space; remove it');
  });

  it('refuses every zero-width, text-direction and control character', () => {
    const refused = [
      ...['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u034F', '\u180E'],
      ...['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'],
      ...Array.from({ length: 32 }, (_, c) => String.fromCharCode(c)),
      ...Array.from({ length: 33 }, (_, c) => String.fromCharCode(0x7f + c)),
      ...['\u2028', '\u2029', '\u3000', '\u2003', '\uD800', '\u{E0041}'],
    ];
    for (const ch of refused) expect(nameCharacterProblem(`a${ch}b`), `U+${ch.codePointAt(0)!.toString(16)}`).not.toBeNull();
  });

  it('counts positions in characters, not UTF-16 units', () => {
    expect(nameCharacterProblem('😀😀\u200B')).toMatch(/at position 3;/);
  });
});
