import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { FIELD_LABELS } from '../../../src-shared/contract/field-labels';
import { describeIssue, describeIssues, formatPath } from '../../../src-shared/settings/issues';

/** Validates `input` and describes every issue as a user would read it. */
function messagesFor(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected the input to be refused');
  return result.error.issues.map((issue) => describeIssue(issue, input));
}

const port = z.object({ host: z.string(), port: z.number().int().min(1).max(65535) }).strict();

describe('formatPath', () => {
  it('writes object keys with dots and array indexes in brackets', () => {
    expect(formatPath(['objects', 'tables', 2, 'source'])).toBe('objects.tables[2].source');
    expect(formatPath(['tags', 0])).toBe('tags[0]');
    expect(formatPath([0, 'name'])).toBe('[0].name');
    expect(formatPath([])).toBe('');
  });
});

describe('describeIssue', () => {
  describe('required fields', () => {
    it('says a missing field is required', () => {
      expect(messagesFor(port, { port: 3306 })).toEqual(['"host" is required']);
    });

    it('names nested fields by their path', () => {
      const schema = z.object({ tls: z.object({ mode: z.string() }) });
      expect(messagesFor(schema, { tls: {} })).toEqual(['"tls.mode" is required']);
    });

    it('says "the value" when the whole input is missing', () => {
      expect(messagesFor(z.string(), undefined)).toEqual(['the value is required']);
    });
  });

  describe('wrong types', () => {
    it('says what was expected and what was found', () => {
      expect(messagesFor(port, { host: 'db', port: '3306' })).toEqual(['"port" must be a number, not a string']);
      expect(messagesFor(port, { host: 7, port: 1 })).toEqual(['"host" must be a string, not a number']);
      expect(messagesFor(port, { host: null, port: 1 })).toEqual(['"host" must be a string, not null']);
      expect(messagesFor(port, { host: ['a'], port: 1 })).toEqual(['"host" must be a string, not a list']);
      expect(messagesFor(port, { host: { name: 'a' }, port: 1 })).toEqual(['"host" must be a string, not an object']);
      expect(messagesFor(port, { host: true, port: 1 })).toEqual(['"host" must be a string, not a boolean']);
    });

    it('uses "an" before a vowel', () => {
      expect(messagesFor(z.object({ tags: z.array(z.string()) }), { tags: 'prod' })).toEqual(['"tags" must be an array, not a string']);
      expect(messagesFor(z.object({ tls: z.object({}) }), { tls: 'on' })).toEqual(['"tls" must be an object, not a string']);
    });

    it('calls an integer a whole number', () => {
      expect(messagesFor(port, { host: 'db', port: 3306.5 })).toEqual(['"port" must be a whole number']);
    });

    it('finds values inside lists', () => {
      const schema = z.object({ tables: z.array(z.object({ source: z.string() })) });
      expect(messagesFor(schema, { tables: [{ source: 'a.b' }, { source: 3 }] })).toEqual(['"tables[1].source" must be a string, not a number']);
    });

    it('never repeats the value, which may be a secret', () => {
      const [message] = messagesFor(z.object({ password: z.string() }), { password: 987654321 });
      expect(message).toBe('"password" must be a string, not a number');
      expect(message).not.toContain('987654321');
    });

    it('describes the whole value when the path is empty', () => {
      expect(messagesFor(z.string(), 5)).toEqual(['the value must be a string, not a number']);
    });
  });

  describe('enums', () => {
    it('lists the allowed values', () => {
      const schema = z.object({ level: z.enum(['smooth', 'normal', 'fast']) });
      expect(messagesFor(schema, { level: 'turbo' })).toEqual(['"level" must be one of smooth, normal, fast']);
    });

    it('lists the allowed value of a literal', () => {
      expect(messagesFor(z.object({ v: z.literal(1) }), { v: 2 })).toEqual(['"v" must be one of 1']);
    });
  });

  describe('unknown keys', () => {
    it('names one unknown field at the top level', () => {
      expect(messagesFor(port, { host: 'db', port: 1, prot: 2 })).toEqual(['unknown field "prot"; check the spelling']);
    });

    it('names several unknown fields and where they are', () => {
      const schema = z.object({ options: z.object({ a: z.number().optional() }).strict() });
      expect(messagesFor(schema, { options: { b: 1, c: 2 } })).toEqual(['unknown fields "b", "c" in "options"; check the spelling']);
    });
  });

  describe('custom issues', () => {
    it('prefixes the path to the message', () => {
      const schema = z.object({ tags: z.array(z.string()) }).superRefine((_v, ctx) => {
        ctx.addIssue({ code: 'custom', path: ['tags'], message: 'repeats the tag prod' });
      });
      expect(messagesFor(schema, { tags: [] })).toEqual(['tags: repeats the tag prod']);
    });

    it('gives the message alone without a path', () => {
      const schema = z.string().refine(() => false, 'is not allowed here');
      expect(messagesFor(schema, 'x')).toEqual(['is not allowed here']);
    });
  });

  describe('sizes and bounds', () => {
    it('says inclusive bounds as "at least" and "at most"', () => {
      expect(messagesFor(port, { host: 'db', port: 0 })).toEqual(['"port" must be at least 1']);
      expect(messagesFor(port, { host: 'db', port: 70000 })).toEqual(['"port" must be at most 65535']);
    });

    it('says exclusive bounds without calling the bound itself allowed', () => {
      expect(messagesFor(z.object({ n: z.number().positive() }), { n: 0 })).toEqual(['"n" must be greater than 0']);
      expect(messagesFor(z.object({ n: z.number().lt(5) }), { n: 5 })).toEqual(['"n" must be less than 5']);
    });

    it('says lengths of lists and strings', () => {
      expect(messagesFor(z.object({ a: z.array(z.number()).max(2) }), { a: [1, 2, 3] })).toEqual(['"a" must have at most 2 items']);
      expect(messagesFor(z.object({ s: z.string().max(3) }), { s: 'abcd' })).toEqual(['"s" must have at most 3 characters']);
      expect(messagesFor(z.object({ s: z.string().min(3) }), { s: 'ab' })).toEqual(['"s" must have at least 3 characters']);
    });

    it('keeps a custom message as written', () => {
      expect(messagesFor(z.object({ tags: z.array(z.string()).max(4, 'may have at most 4 tags') }), { tags: ['a', 'b', 'c', 'd', 'e'] })).toEqual([
        '"tags" may have at most 4 tags',
      ]);
    });

    it('says "is invalid" for a union that nothing matched', () => {
      expect(messagesFor(z.object({ v: z.union([z.string(), z.number()]) }), { v: true })).toEqual(['"v" is invalid']);
    });
  });
});

describe('describeIssues', () => {
  it('describes every issue, in order', () => {
    const input = { port: 'x', extra: 1 };
    const result = port.safeParse(input);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(describeIssues(result.error, input)).toEqual(['"host" is required', '"port" must be a number, not a string', 'unknown field "extra"; check the spelling']);
  });

  it('names a request\'s fields as the forms label them', () => {
    const input = { port: 'x', extra: 1 };
    const result = port.safeParse(input);
    if (result.success) throw new Error('expected a refusal');
    expect(describeIssues(result.error, input, FIELD_LABELS)).toEqual(['Host is required', 'Port must be a number, not a string', 'unknown field "extra"; check the spelling']);
    const draft = z.object({ sourceId: z.string(), options: z.object({ alertLevel: z.enum(['none', 'low']) }) });
    const refused = draft.safeParse({ options: { alertLevel: 'loud' } });
    if (refused.success) throw new Error('expected a refusal');
    expect(describeIssues(refused.error, { options: { alertLevel: 'loud' } }, FIELD_LABELS)).toEqual(['Source is required', 'Alert level must be one of none, low']);
  });
});
