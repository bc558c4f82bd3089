import { describe, it, expect } from 'vitest';
import type { z } from 'zod';
import { dataSourceInputSchema, dataSourceNameSchema } from '../../../src-shared/model/datasource';
import { NAME_CHARACTERS } from '../../../src-shared/model/names';
import { describeIssue } from '../../../src-shared/settings/issues';
import { parseProjectFile } from '../../../src-shared/settings/project-file';
import { projectDraftSchema, projectNameSchema, tagSchema } from '../../../src-shared/settings/project-schema';
import { nameCharacterProblem } from '../../../src-shared/text';

/** What the API answers for a value: every issue as describeIssue words it. */
function refusal(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`expected ${JSON.stringify(input)} to be refused`);
  return result.error.issues.map((issue) => describeIssue(issue, input));
}

const DRAFT = { name: 'move shop', sourceId: 'ds_1', destinationId: 'ds_2', types: ['full'], objects: { include: ['shop.*'] } };

describe('project names', () => {
  it('refuses zero-width, text-direction and control characters, saying which one and where', () => {
    expect(refusal(projectDraftSchema, { ...DRAFT, name: 'Base\u200B' })).toEqual([
      '"name" contains the invisible character U+200B (zero-width space) at position 5; delete it (retype the name if you cannot see it)',
    ]);
    expect(refusal(projectDraftSchema, { ...DRAFT, name: 'Sh\u202Eop' })).toEqual([
      '"name" contains the text-direction character U+202E (right-to-left override) at position 3; delete it (retype the name if you cannot see it)',
    ]);
    for (const ch of ['\u200C', '\u200D', '\u2060', '\uFEFF', '\u202A', '\u2066', '\u2069', '\u0001', '\u001F', '\u0085', '\u009F']) {
      expect(projectNameSchema.safeParse(`a${ch}b`).success, `U+${ch.codePointAt(0)!.toString(16)}`).toBe(false);
    }
  });

  it('refuses a space at either end, and white space other than the ordinary space', () => {
    expect(refusal(projectNameSchema, ' Base')).toEqual(['the value starts with a space; remove it']);
    expect(refusal(projectNameSchema, 'Base\u00A0Shop')).toEqual(['the value contains U+00A0 (no-break space) at position 5; use an ordinary space']);
    expect(refusal(projectNameSchema, 'Base\u3000')).toEqual(['the value contains U+3000 (ideographic space) at position 5; use an ordinary space']);
  });

  it('reports an empty name once, as required', () => {
    expect(refusal(projectNameSchema, '')).toEqual(['the value is required']);
  });

  it('keeps names people write', () => {
    for (const name of ['Base', 'Move shop (2024)', '迁移 项目', 'Ünïcödé', 'order/select']) expect(projectNameSchema.parse(name)).toBe(name);
  });

  it('stores a name in Unicode form C, so that a name typed either way is one name', () => {
    const composed = projectNameSchema.parse('Caf\u00e9');
    const decomposed = projectNameSchema.parse('Cafe\u0301');
    expect(decomposed).toBe(composed);
    expect(decomposed).toHaveLength(4);
    // Compatibility characters are left as typed: NFKC would turn "ｆｕｌｌ" into "full".
    expect(projectNameSchema.parse('ｆｕｌｌ')).toBe('ｆｕｌｌ');
  });
});

describe('data source names', () => {
  const input = { name: 'src', host: 'db', port: 3306, user: 'u', password: 'p' };

  it('refuses invisible characters and padding with the same messages as project names', () => {
    expect(refusal(dataSourceInputSchema, { ...input, name: 'src\u200B' })).toEqual([
      '"name" contains the invisible character U+200B (zero-width space) at position 4; delete it (retype the name if you cannot see it)',
    ]);
    expect(refusal(dataSourceInputSchema, { ...input, name: ' src' })).toEqual(['"name" starts with a space; remove it']);
    expect(refusal(dataSourceNameSchema, 'src\n')).toEqual([
      'the value contains the control character U+000A (line break) at position 4; delete it (retype the name if you cannot see it)',
    ]);
  });

  it('still says which characters a data source name may use', () => {
    expect(refusal(dataSourceNameSchema, 'ob tenant!')).toEqual([
      'the value must be 1-64 characters: letters, digits, "_", "-" or ".", starting with a letter or digit',
    ]);
    expect(dataSourceNameSchema.parse('mariadb-prod.eu_1')).toBe('mariadb-prod.eu_1');
  });
});

describe('tags', () => {
  it('refuses invisible characters once, not also as outside the allowed set', () => {
    expect(refusal(tagSchema, 'prod\u200D')).toEqual([
      'the value contains the invisible character U+200D (zero-width joiner) at position 5; delete it (retype the name if you cannot see it)',
    ]);
    expect(refusal(tagSchema, 'a/b')).toEqual(['the value may use letters, digits, space, "_", ".", ":" and "-"']);
    expect(refusal(tagSchema, '')).toEqual(['the value must not be empty']);
  });

  it('compares tags in Unicode form C, whatever their case', () => {
    expect(refusal(projectDraftSchema, { ...DRAFT, tags: ['Cafe\u0301', 'café'] })).toEqual(['tags: repeats the tag "café"']);
  });
});

describe('names in a project file', () => {
  it('are refused at their line with the same message as in the API', () => {
    const text = JSON.stringify({ name: 'Base\u200B', source: 'src\u202E', destination: 'dst', types: ['full'], objects: { include: ['a.*'] } }, null, 2);
    const result = parseProjectFile(text, 'p.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      'p.json:2: "name" contains the invisible character U+200B (zero-width space) at position 5; delete it (retype the name if you cannot see it)',
      'p.json:3: "source" contains the text-direction character U+202E (right-to-left override) at position 4; delete it (retype the name if you cannot see it)',
    ]);
  });
});

describe('the name pattern of the published JSON Schema', () => {
  it('accepts exactly the names the check accepts', () => {
    const alphabet = ['a', 'Z', '1', ' ', '客', 'é', '\u0301', '😀', '\t', '\n', '\u0085', '\u00A0', '\u00AD', '\u200B', '\u200D', '\u202E', '\u2028', '\u2066', '\u3000', '\uFEFF', '\uD800', '\u{E0041}'];
    let state = 7;
    const next = () => (state = (state * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 20_000; i++) {
      let name = '';
      for (let n = Math.floor(next() * 6); n > 0; n--) name += alphabet[Math.floor(next() * alphabet.length)];
      expect(NAME_CHARACTERS.test(name), JSON.stringify(name)).toBe(nameCharacterProblem(name) === null);
    }
  });
});
