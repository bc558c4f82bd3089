import { describe, it, expect } from 'vitest';
import { defaultOptions } from '../../../src-shared/model/options';
import type { ProjectFileContent } from '../../../src-shared/settings/project-file';
import { PROJECT_SCHEMA_ID, formatProjectFile, parseProjectFile } from '../../../src-shared/settings/project-file';
import type { ProjectFile } from '../../../src-shared/settings/project-schema';

const FILE = 'move-shop.cutover.json';
const KNOWN_SOURCES = new Set(['mariadb-prod', 'ob-tenant']);
const checks = { dataSourceExists: (name: string) => KNOWN_SOURCES.has(name) };

function parsed(text: string): ProjectFile {
  const result = parseProjectFile(text, FILE, checks);
  if (!result.ok) throw new Error(`expected the file to parse:\n${result.errors.join('\n')}`);
  return result.value;
}

function errors(text: string, withChecks = true): string[] {
  const result = parseProjectFile(text, FILE, withChecks ? checks : {});
  if (result.ok) throw new Error('expected the file to be refused');
  expect(Object.keys(result).sort()).toEqual(['errors', 'ok', 'problemCount']);
  // Small files: every problem is listed, and counted.
  expect(result.problemCount).toBe(result.errors.length);
  return result.errors;
}

/** Writes `value` as a project file would be written, so that line numbers are predictable. */
function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/** The 1-based line of the first line of `text` containing `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`"${needle}" is not in the text`);
  return index + 1;
}

const MINIMAL = {
  name: 'move shop',
  source: 'mariadb-prod',
  destination: 'ob-tenant',
  types: ['schema', 'full'],
  objects: { include: ['shop.*'] },
};

const CONTENT: ProjectFileContent = {
  name: 'move shop',
  tags: ['prod', 'wave 1', 'team:db'],
  source: 'mariadb-prod',
  destination: 'ob-tenant',
  types: ['schema', 'full', 'incremental', 'verification', 'reverse'],
  objects: {
    include: ['shop.*', 'logs.log_*=archive.log_all', '`my db`.*=dst.*'],
    exclude: ['shop.tmp_*'],
    tables: [
      { source: 'shop.orders', target: 'sales.orders', where: `note <> 'a, "b"' AND total > 0`, columns: ['id', 'total', 'note'] },
      { source: 'shop.customers' },
      { source: 'shop.items', columns: ['id', 'sku'] },
    ],
  },
  options: {
    ...defaultOptions(),
    fullConcurrency: 'fast',
    verifyConcurrency: 'smooth',
    rpsLimit: 50_000,
    bytesPerSecondLimit: null,
    targetNotEmpty: 'ignore',
    dmlTypes: ['insert', 'update'],
    ddlSync: false,
    storeRetentionHours: 72,
    applyConcurrency: 16,
    statistics: false,
    alertLevel: 'high',
  },
};

describe('formatProjectFile and parseProjectFile', () => {
  it('reads back the same definition', () => {
    const text = formatProjectFile(CONTENT);
    expect(parseProjectFile(text, FILE, checks)).toStrictEqual({ ok: true, value: { $schema: PROJECT_SCHEMA_ID, ...CONTENT } });
  });

  it('writes fields in a fixed order, two-space indented, with a final line break', () => {
    const text = formatProjectFile(CONTENT);
    expect(Object.keys(JSON.parse(text))).toEqual(['$schema', 'name', 'tags', 'source', 'destination', 'types', 'objects', 'options']);
    expect(text.startsWith(`{\n  "$schema": "${PROJECT_SCHEMA_ID}",\n  "name": "move shop",`)).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('leaves out table settings that are not set', () => {
    const text = formatProjectFile({ ...CONTENT, objects: { include: [], exclude: [], tables: [{ source: 'shop.orders', target: undefined }] } });
    expect(JSON.parse(text).objects.tables).toEqual([{ source: 'shop.orders' }]);
    expect(parsed(text).objects.tables).toStrictEqual([{ source: 'shop.orders' }]);
  });
});

describe('parseProjectFile', () => {
  it('fills defaults for everything optional', () => {
    expect(parsed(json(MINIMAL))).toStrictEqual({
      ...MINIMAL,
      tags: [],
      objects: { include: ['shop.*'], exclude: [], tables: [] },
      options: defaultOptions(),
    });
  });

  it('fills the options that are not given', () => {
    const options = parsed(json({ ...MINIMAL, options: { fullConcurrency: 'fast', rpsLimit: 1000 } })).options;
    expect(options).toEqual({ ...defaultOptions(), fullConcurrency: 'fast', rpsLimit: 1000 });
  });

  it('refuses a name with a space at either end, rather than changing it', () => {
    const text = json({ ...MINIMAL, name: '  move shop' });
    expect(errors(text)).toEqual([`${FILE}:${lineOf(text, '"name"')}: "name" starts with a space; remove it`]);
    const trailing = json({ ...MINIMAL, name: 'move shop ' });
    expect(errors(trailing)).toEqual([`${FILE}:${lineOf(trailing, '"name"')}: "name" ends with a space; remove it`]);
  });

  describe('malformed JSON', () => {
    it('reports a trailing comma at its line', () => {
      const text = '{\n  "name": "move shop",\n  "types": ["full"],\n}\n';
      expect(errors(text)).toContain(`${FILE}:4: invalid JSON: expected a property name in double quotes (is there a trailing comma?)`);
    });

    it('reports a trailing comma in a list at its line', () => {
      const text = '{\n  "types": [\n    "full",\n  ]\n}\n';
      expect(errors(text)).toEqual([`${FILE}:4: invalid JSON: expected a value (is there a trailing comma?)`]);
    });

    it('reports a comment at its line', () => {
      const text = '{\n  "name": "move shop",\n  // the source\n  "source": "mariadb-prod"\n}\n';
      expect(errors(text)).toEqual([`${FILE}:3: invalid JSON: comments are not allowed in JSON`]);
      expect(errors('{\n\n  /* x */ "name": "a"\n}')).toEqual([`${FILE}:3: invalid JSON: comments are not allowed in JSON`]);
    });

    it('reports a truncated file at its end', () => {
      const whole = formatProjectFile(CONTENT);
      const cut = whole.slice(0, whole.indexOf('"exclude"'));
      const lastLine = cut.split('\n').length;
      const found = errors(cut);
      expect(found.length).toBeGreaterThan(0);
      expect(found.every((e) => e.startsWith(`${FILE}:${lastLine}: invalid JSON: `))).toBe(true);
      expect(found).toContain(`${FILE}:${lastLine}: invalid JSON: expected "}"`);
    });

    it('reports a string cut in the middle', () => {
      expect(errors('{\n  "name": "move sh')).toContain(`${FILE}:2: invalid JSON: a string is not closed`);
    });

    it('refuses an empty file', () => {
      const found = errors('');
      expect(found).toHaveLength(1);
      expect(found[0].startsWith(`${FILE}:1: invalid JSON: `)).toBe(true);
    });

    it('refuses JSON that is not an object', () => {
      for (const text of ['[]', '"project"', 'null', '42']) {
        expect(errors(text)).toEqual([`${FILE}:1: a project file must be a JSON object`]);
      }
    });
  });

  describe('schema errors', () => {
    it('reports an unknown top-level field at its own line', () => {
      const text = json({ ...MINIMAL, tagz: ['prod'], Name: 'x' });
      expect(errors(text)).toEqual([
        `${FILE}:${lineOf(text, '"tagz"')}: unknown field "tagz"; check the spelling`,
        `${FILE}:${lineOf(text, '"Name"')}: unknown field "Name"; check the spelling`,
      ]);
    });

    it('reports unknown nested fields at their own lines, naming where they are', () => {
      const text = json({
        ...MINIMAL,
        objects: { include: ['shop.*'], tables: [{ source: 'shop.orders', wher: 'id > 1' }], exclud: [] },
        options: { fullConcurrency: 'fast', alertlevel: 'high' },
      });
      expect(errors(text)).toEqual([
        `${FILE}:${lineOf(text, '"wher"')}: unknown field "wher" in "objects.tables[0]"; check the spelling`,
        `${FILE}:${lineOf(text, '"exclud"')}: unknown field "exclud" in "objects"; check the spelling`,
        `${FILE}:${lineOf(text, '"alertlevel"')}: unknown field "alertlevel" in "options"; check the spelling`,
      ]);
    });

    it('reports missing required fields', () => {
      const text = json({ name: 'x', types: ['full'] });
      expect(errors(text, false)).toEqual([
        `${FILE}:1: "objects" is required`,
        `${FILE}:1: "source" is required`,
        `${FILE}:1: "destination" is required`,
      ]);
    });

    it('reports wrong types at the line of the field, saying what was found', () => {
      const text = json({ ...MINIMAL, name: 5, tags: 'prod', options: { ddlSync: 'yes', rpsLimit: '100', applyConcurrency: 1.5, dmlTypes: {} } });
      expect(errors(text)).toEqual([
        `${FILE}:${lineOf(text, '"name"')}: "name" must be a string, not a number`,
        `${FILE}:${lineOf(text, '"tags"')}: "tags" must be an array, not a string`,
        `${FILE}:${lineOf(text, '"ddlSync"')}: "options.ddlSync" must be a boolean, not a string`,
        `${FILE}:${lineOf(text, '"rpsLimit"')}: "options.rpsLimit" must be a number, not a string`,
        `${FILE}:${lineOf(text, '"applyConcurrency"')}: "options.applyConcurrency" must be a whole number`,
        `${FILE}:${lineOf(text, '"dmlTypes"')}: "options.dmlTypes" must be an array, not an object`,
      ]);
    });

    it('reports bad option values with the allowed ones', () => {
      const text = json({ ...MINIMAL, options: { fullConcurrency: 'turbo', targetNotEmpty: 'overwrite', alertLevel: 'HIGH', dmlTypes: ['insert', 'upsert'] } });
      expect(errors(text)).toEqual([
        `${FILE}:${lineOf(text, '"fullConcurrency"')}: "options.fullConcurrency" must be one of smooth, normal, fast`,
        `${FILE}:${lineOf(text, '"targetNotEmpty"')}: "options.targetNotEmpty" must be one of stop, ignore`,
        `${FILE}:${lineOf(text, '"alertLevel"')}: "options.alertLevel" must be one of none, high, medium, low`,
        `${FILE}:${lineOf(text, '"upsert"')}: "options.dmlTypes[1]" must be one of insert, update, delete`,
      ]);
    });

    it('reports option numbers out of range, with the bound', () => {
      const text = json({ ...MINIMAL, options: { rpsLimit: 0, storeRetentionHours: 0, applyConcurrency: 65 } });
      expect(errors(text)).toEqual([
        `${FILE}:${lineOf(text, '"rpsLimit"')}: "options.rpsLimit" must be greater than 0`,
        `${FILE}:${lineOf(text, '"storeRetentionHours"')}: "options.storeRetentionHours" must be at least 1`,
        `${FILE}:${lineOf(text, '"applyConcurrency"')}: "options.applyConcurrency" must be at most 64`,
      ]);
    });

    it('reports an unknown migration type', () => {
      const text = json({ ...MINIMAL, types: ['full', 'cdc'] });
      expect(errors(text)).toEqual([`${FILE}:${lineOf(text, '"cdc"')}: "types[1]" must be one of schema, full, incremental, verification, reverse`]);
    });

    it('refuses an empty list of types', () => {
      const text = json({ ...MINIMAL, types: [] });
      expect(errors(text)).toEqual([`${FILE}:${lineOf(text, '"types"')}: "types" needs at least one migration type`]);
    });

    it('refuses more than 4 tags', () => {
      const text = json({ ...MINIMAL, tags: ['a', 'b', 'c', 'd', 'e'] });
      expect(errors(text)).toEqual([`${FILE}:${lineOf(text, '"tags"')}: "tags" may have at most 4 tags`]);
    });

    it('accepts 4 tags', () => {
      expect(parsed(json({ ...MINIMAL, tags: ['a', 'b', 'c', 'd'] })).tags).toEqual(['a', 'b', 'c', 'd']);
    });

    it('refuses a tag given twice, whatever its case or Unicode form', () => {
      const text = json({ ...MINIMAL, tags: ['prod', 'café', 'Prod', 'cafe\u0301'] });
      expect(errors(text)).toEqual([`${FILE}:${lineOf(text, '"tags"')}: tags: repeats the tag "prod", "café"`]);
    });

    it('refuses tags with characters outside the allowed set', () => {
      const text = json({ ...MINIMAL, tags: ['ok', 'a/b'] });
      expect(errors(text)).toEqual([`${FILE}:${lineOf(text, '"a/b"')}: "tags[1]" may use letters, digits, space, "_", ".", ":" and "-"`]);
    });

    it('refuses a bad data source name', () => {
      const text = json({ ...MINIMAL, destination: 'ob tenant!' });
      const line = lineOf(text, '"destination"');
      expect(errors(text, false)).toEqual([
        `${FILE}:${line}: "destination" must be 1-64 characters: letters, digits, "_", "-" or ".", starting with a letter or digit`,
      ]);
    });
  });

  describe('checks across fields', () => {
    it('refuses full verification without full migration', () => {
      const text = json({ ...MINIMAL, types: ['schema', 'incremental', 'verification'] });
      expect(errors(text)).toEqual([`${FILE}:${lineOf(text, '"types"')}: types: Full Verification needs Full Migration`]);
    });

    it('refuses reverse incremental without incremental synchronization', () => {
      const text = json({ ...MINIMAL, types: ['full', 'reverse'] });
      expect(errors(text)).toEqual([`${FILE}:${lineOf(text, '"types"')}: types: Reverse Incremental needs Incremental Synchronization`]);
    });

    it('refuses types that move nothing', () => {
      const text = json({ ...MINIMAL, types: ['verification'] });
      expect(errors(text)).toEqual([
        `${FILE}:${lineOf(text, '"types"')}: types: choose at least one of Schema Migration, Full Migration or Incremental Synchronization`,
        `${FILE}:${lineOf(text, '"types"')}: types: Full Verification needs Full Migration`,
      ]);
    });

    it('refuses a type listed twice', () => {
      const text = json({ ...MINIMAL, types: ['full', 'full'] });
      expect(errors(text)).toEqual([`${FILE}:${lineOf(text, '"types"')}: types: a migration type is listed twice`]);
    });

    it('reports bad rules and table settings inside objects at their lines', () => {
      const text = json({
        ...MINIMAL,
        objects: {
          include: ['shop.*', 'shop.'],
          exclude: ['shop.tmp_*=x.*'],
          tables: [{ source: 'shop.orders', where: 'WHERE id > 1' }],
        },
      });
      expect(errors(text)).toEqual([
        `${FILE}:${lineOf(text, '"shop."')}: objects.include[1]: rule "shop." has an empty table name`,
        `${FILE}:${lineOf(text, '"shop.tmp_*=x.*"')}: objects.exclude[0]: exclude rule "shop.tmp_*=x.*" cannot rename; remove "=x.*"`,
        `${FILE}:${lineOf(text, '"where"')}: objects.tables[0].where: row filter of shop.orders starts with WHERE; give only the condition`,
      ]);
    });

    it('refuses objects that select nothing', () => {
      const text = json({ ...MINIMAL, objects: { exclude: ['shop.*'] } });
      expect(errors(text)).toEqual([`${FILE}:${lineOf(text, '"objects"')}: objects.include: selects nothing: add an include rule such as db.* or a table`]);
    });

    it('reports unknown data sources at the line of "source" and "destination"', () => {
      const text = json({ ...MINIMAL, source: 'mariadb-old', destination: 'ob-tenant-2' });
      expect(errors(text)).toEqual([
        `${FILE}:${lineOf(text, '"source"')}: source: data source "mariadb-old" does not exist; add it first (cutover datasource add) or correct the name`,
        `${FILE}:${lineOf(text, '"destination"')}: destination: data source "ob-tenant-2" does not exist; add it first (cutover datasource add) or correct the name`,
      ]);
    });

    it('asks about valid data source names only, and not at all without the check', () => {
      const asked: string[] = [];
      const result = parseProjectFile(json({ ...MINIMAL, source: ' mariadb-prod ' }), FILE, {
        dataSourceExists: (name) => {
          asked.push(name);
          return true;
        },
      });
      expect(result.ok).toBe(false);
      expect(asked).toEqual(['ob-tenant']);
      expect(parseProjectFile(json({ ...MINIMAL, source: 'anything' }), FILE).ok).toBe(true);
    });
  });

  it('reports several errors at once, sorted by line', () => {
    const text = [
      '{', //                                    1
      '  "name": "move shop",', //               2
      '  "options": {', //                       3
      '    "fullConcurrency": "turbo",', //      4
      '    "extra": true', //                    5
      '  },', //                                 6
      '  "types": ["verification", "reverse"],', // 7
      '  "tagz": [],', //                        8
      '  "objects": { "include": ["shop."] },', // 9
      '  "destination": "ob-tenant",', //        10
      '  "source": "nope"', //                   11
      '}', //                                    12
    ].join('\n');
    expect(errors(text)).toEqual([
      `${FILE}:4: "options.fullConcurrency" must be one of smooth, normal, fast`,
      `${FILE}:5: unknown field "extra" in "options"; check the spelling`,
      `${FILE}:7: types: choose at least one of Schema Migration, Full Migration or Incremental Synchronization`,
      `${FILE}:7: types: Full Verification needs Full Migration`,
      `${FILE}:7: types: Reverse Incremental needs Incremental Synchronization`,
      `${FILE}:8: unknown field "tagz"; check the spelling`,
      `${FILE}:9: objects.include[0]: rule "shop." has an empty table name`,
      `${FILE}:11: source: data source "nope" does not exist; add it first (cutover datasource add) or correct the name`,
    ]);
  });
});

// Known gaps outside the modules this file may change (project-schema.ts, json-file.ts). Each
// passes while the gap exists and fails once it is fixed: then drop `.fails`. See the test report.
describe('known bugs', () => {
  it('an empty name is reported once, as required (not also as containing control characters)', () => {
    const text = json({ ...MINIMAL, name: '' });
    expect(errors(text)).toEqual([`${FILE}:${lineOf(text, '"name"')}: "name" is required`]);
  });

  it('an unknown field in a table entry does not hide the rule problems of the same file', () => {
    const text = json({ ...MINIMAL, objects: { include: ['shop.'], tables: [{ source: 'shop.orders', wher: 'id > 1' }] } });
    expect(errors(text)).toEqual([
      `${FILE}:${lineOf(text, '"shop."')}: objects.include[0]: rule "shop." has an empty table name`,
      `${FILE}:${lineOf(text, '"wher"')}: unknown field "wher" in "objects.tables[0]"; check the spelling`,
    ]);
  });

  it('an empty file is called empty, not a trailing comma', () => {
    expect(errors('')).toEqual([`${FILE}:1: invalid JSON: the file is empty`]);
  });
});
