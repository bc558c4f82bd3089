/**
 * Strict JSON parsing that remembers where every value is, so that an error
 * about `objects.tables[2].source` can say `file.json:14`.
 */

import type { Node, ParseError } from 'jsonc-parser';
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { IssuePath } from './issues';

export interface LocatedJson {
  value: unknown;
  /** 1-based line of the value at `path`, or of its nearest existing parent. */
  lineOf(path: IssuePath, unknownKey?: string): number;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const SYNTAX_HINTS: Record<string, string> = {
  InvalidCommentToken: 'comments are not allowed in JSON',
  PropertyNameExpected: 'expected a property name in double quotes (is there a trailing comma?)',
  ValueExpected: 'expected a value (is there a trailing comma?)',
  CommaExpected: 'expected a comma',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  ColonExpected: 'expected ":"',
  EndOfFileExpected: 'unexpected text after the end of the JSON value',
  InvalidSymbol: 'invalid character',
  UnexpectedEndOfString: 'a string is not closed',
};

export function parseLocatedJson(text: string): { ok: true; json: LocatedJson } | { ok: false; errors: { line: number; message: string }[] } {
  if (text.trim() === '') return { ok: false, errors: [{ line: 1, message: 'invalid JSON: the file is empty' }] };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0 || !root) {
    const list = errors.map((e) => {
      const code = printParseErrorCode(e.error);
      return { line: lineAt(text, e.offset), message: `invalid JSON: ${SYNTAX_HINTS[code] ?? code}` };
    });
    return { ok: false, errors: list.length ? list : [{ line: 1, message: 'invalid JSON: no value' }] };
  }
  const value = getNodeValue(root);
  return {
    ok: true,
    json: {
      value,
      lineOf(path, unknownKey) {
        const segments = path.map((p) => (typeof p === 'number' ? p : String(p)));
        for (let n = segments.length; n >= 0; n--) {
          const node: Node | undefined = findNodeAtLocation(root, segments.slice(0, n));
          if (!node) continue;
          if (n === segments.length && unknownKey !== undefined && node.type === 'object') {
            const property = node.children?.find((c) => c.children?.[0]?.value === unknownKey);
            if (property) return lineAt(text, property.offset);
          }
          // A property's value node: report the line of its key.
          const at = node.parent?.type === 'property' ? node.parent.offset : node.offset;
          return lineAt(text, at);
        }
        return 1;
      },
    },
  };
}
