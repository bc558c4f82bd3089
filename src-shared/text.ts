/**
 * User text shown back in messages, and the characters a name may not hold.
 *
 * A value echoed in a message has every control, invisible and text-direction
 * character made visible (a line break as `\n`, a tab as `\t`, others as
 * `\u{200B}`) and is shortened, so that it can neither forge another line of
 * output nor flood it. `quoteForMessage` is the one way to echo input.
 */

/** How many characters of a value a message shows before "…". */
export const SHOWN_VALUE_CHARS = 60;

/** Characters that do not show, or that change how the text around them shows. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/u;
const SPACE = /\s/u;
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

const CHARACTER_NAMES: Record<number, string> = {
  0x00: 'NUL',
  0x09: 'tab',
  0x0a: 'line break',
  0x0d: 'carriage return',
  0x7f: 'delete',
  0xa0: 'no-break space',
  0xad: 'soft hyphen',
  0x200b: 'zero-width space',
  0x200c: 'zero-width non-joiner',
  0x200d: 'zero-width joiner',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x2028: 'line separator',
  0x2029: 'paragraph separator',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2060: 'word joiner',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
  0x3000: 'ideographic space',
  0xfeff: 'byte order mark',
};

function codePointText(ch: string): string {
  return (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}

/** One character as a message shows it. */
function shownCharacter(ch: string): string {
  if (ch === '\n') return '\\n';
  if (ch === '\t') return '\\t';
  if (ch === '\r') return '\\r';
  if (HIDDEN.test(ch) || (ch !== ' ' && SPACE.test(ch))) return `\\u{${codePointText(ch)}}`;
  return ch;
}

/** A value as a message may show it: every character visible, at most `max` characters plus "…". */
export function visibleText(value: string, max = SHOWN_VALUE_CHARS): string {
  let out = '';
  for (const ch of value) {
    const piece = shownCharacter(ch);
    if (out.length + piece.length > max) return `${out}…`;
    out += piece;
  }
  return out;
}

/** A value from user input, in double quotes, as a message may show it. */
export function quoteForMessage(value: string, max = SHOWN_VALUE_CHARS): string {
  return `"${visibleText(value, max)}"`;
}

/** Quoted values separated by commas; past `shown` of them, "and N more". */
export function quoteList(values: readonly string[], shown = 3): string {
  const listed = values.slice(0, shown).map((v) => quoteForMessage(v)).join(', ');
  return values.length > shown ? `${listed} and ${formatCount(values.length - shown)} more` : listed;
}

/** 50000 as "50,000", the same in every locale. */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `U+200B (zero-width space)`. */
export function describeCharacter(ch: string): string {
  const name = CHARACTER_NAMES[ch.codePointAt(0) ?? 0];
  return `U+${codePointText(ch)}${name ? ` (${name})` : ''}`;
}

function kindOf(ch: string): string {
  if (/\p{Cc}/u.test(ch)) return 'the control character';
  if (/[\p{Zl}\p{Zp}]/u.test(ch)) return 'the line break character';
  if (BIDI.test(ch)) return 'the text-direction character';
  return 'the invisible character';
}

/**
 * Why a name (of a project, a data source or a tag) cannot be used as typed, or
 * null. Refused: control, invisible and text-direction characters anywhere;
 * white space other than the ordinary space; a space at either end. Two names
 * that look the same must be the same name.
 */
export function nameCharacterProblem(value: string): string | null {
  let position = 0;
  for (const ch of value) {
    position++;
    if (HIDDEN.test(ch)) {
      return `contains ${kindOf(ch)} ${describeCharacter(ch)} at position ${position}; delete it (retype the name if you cannot see it)`;
    }
    if (ch !== ' ' && SPACE.test(ch)) return `contains ${describeCharacter(ch)} at position ${position}; use an ordinary space`;
  }
  if (value.startsWith(' ')) return 'starts with a space; remove it';
  if (value.endsWith(' ')) return 'ends with a space; remove it';
  return null;
}
